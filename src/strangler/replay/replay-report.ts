import type { RedactedDifference } from '../diff-redactor.js';

/** One replayed call whose answers differed: paths, kinds, types and hashes, never values. */
export interface ReplaySample {
  readonly route: string;
  readonly source: 'replay';
  /** When the legacy call was recorded (ISO-8601). */
  readonly at: string;
  readonly differences: readonly RedactedDifference[];
  readonly truncated: boolean;
}

/** The shadow mode's diff report, for recorded legacy calls replayed against modern. */
export interface ReplayReport {
  readonly route: string;
  readonly kind: 'read' | 'write';
  /** `modern` for a read, `modernDryRun` for a write. */
  readonly implementation: 'modern' | 'modernDryRun';
  readonly as: string;
  readonly generatedAt: string;
  readonly recorded: number;
  readonly replayed: number;
  readonly compared: number;
  readonly matches: number;
  readonly mismatches: number;
  readonly mismatchRate: number | null;
  readonly modernErrors: number;
  readonly modernTimeouts: number;
  readonly topPaths: readonly { readonly path: string; readonly count: number }[];
  readonly samples: readonly ReplaySample[];
}
