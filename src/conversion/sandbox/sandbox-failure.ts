/** Time and memory a sandboxed job may use. */
export interface SandboxLimits {
  timeoutMs: number;
  maxMemoryMb: number;
  /** MB reserved from the shared child memory budget while the child runs; default: the measured peak of its kind. */
  reserveMb?: number;
}

export type SandboxFailureReason = 'TIMEOUT' | 'OUT_OF_MEMORY' | 'CRASHED' | 'WORKER_ERROR';

/** What a worker threw, carried across the process boundary (no stack: it may quote document text). */
export interface WorkerErrorDetail {
  readonly name: string;
  /** Set when the worker threw an error carrying a `reason` (e.g. a ProcessingFailure). */
  readonly reason?: string;
}

export class SandboxFailure extends Error {
  constructor(
    readonly reason: SandboxFailureReason,
    message: string,
    readonly detail?: WorkerErrorDetail,
  ) {
    super(message);
    this.name = 'SandboxFailure';
  }
}

export const isSandboxFailure = (error: unknown): error is SandboxFailure => error instanceof SandboxFailure;
