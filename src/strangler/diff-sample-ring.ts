import type { RedactedDifference } from './diff-redactor.js';

/** One compared call whose answers differed, without personal data. */
export interface DiffSample {
  readonly route: string;
  /** `shadow`: legacy vs modern; `noise-floor`: legacy vs legacy. */
  readonly source: 'shadow' | 'noise-floor';
  /** ISO-8601 instant. */
  readonly at: string;
  readonly correlationId: string | null;
  readonly differences: readonly RedactedDifference[];
  /** More differences existed than were kept. */
  readonly truncated: boolean;
}

/** The last `capacity` samples of one route; older ones are overwritten. */
export class DiffSampleRing {
  private readonly slots: (DiffSample | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer');
    this.slots = new Array<DiffSample | undefined>(capacity);
  }

  push(sample: DiffSample): void {
    this.slots[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Newest first. */
  list(): DiffSample[] {
    const samples: DiffSample[] = [];
    for (let i = 1; i <= this.count; i += 1) samples.push(this.slots[(this.next - i + this.capacity) % this.capacity]!);
    return samples;
  }

  get size(): number {
    return this.count;
  }
}
