export const MAX_RECORDING_SAMPLES = 1_000;
export const DEFAULT_RECORDING_SAMPLES = 200;

/** Stored per route while recording is on (its absence means off). */
export interface RecordingSettings {
  readonly route: string;
  /** The ring's size: the newest this many samples are kept. */
  readonly maxSamples: number;
  /** Share (0–1) of successful primary legacy calls recorded. */
  readonly sampleRate: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly reason: string;
}
