import { randomUUID } from 'node:crypto';
import type { StateLease } from './state-lease.js';

/**
 * Periodic work that runs on one instance at a time (ADR 0036): a pass at start, then one every `intervalMs`; a pass
 * calls `lead()` first, which takes or renews the named lease for three intervals, so a crashed holder's lease runs
 * out and another instance takes over. `stop()` waits for the pass under way and gives the lease up.
 */
export class LeasedPeriodicWork<T> {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  constructor(
    private readonly lease: StateLease,
    /** The lease's name: one per kind of work. */
    readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<T>,
  ) {}

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.lease.release(this.name, this.holder).catch(() => undefined);
  }

  /** One pass (joining the one under way in this process). */
  runOnce(): Promise<T> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Takes or renews the lease; answers whether this instance holds it (and so does the work). */
  lead(): Promise<boolean> {
    return this.lease.acquire(this.name, this.holder, this.intervalMs * 3);
  }
}
