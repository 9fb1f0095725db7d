import type { LeaseClock } from '../../src/storage/queue/job-queue.support.js';
import { SteerableClock } from './steerable-clock.js';

/**
 * A LeaseClock a test drives: time is a SteerableClock (real until frozen, then moved by the test), and
 * heartbeats fire only when the test calls `beat()`, which waits for the renewals they start. A consumer
 * whose beats are never fired behaves like a process that died holding its jobs.
 */
export class ManualLeaseClock implements LeaseClock {
  private readonly beats = new Set<() => void | Promise<void>>();

  constructor(readonly time: SteerableClock = new SteerableClock()) {}

  readonly now = (): number => this.time.now();

  every(_ms: number, beat: () => void | Promise<void>): () => void {
    this.beats.add(beat);
    return () => {
      this.beats.delete(beat);
    };
  }

  /** Fires every registered heartbeat once and waits for what they started. */
  async beat(): Promise<void> {
    await Promise.all([...this.beats].map((beat) => Promise.resolve(beat())));
  }

  /** Heartbeats registered now (one per job in flight). */
  get running(): number {
    return this.beats.size;
  }
}
