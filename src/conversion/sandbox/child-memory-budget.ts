/**
 * One budget of memory, in MB, shared by every child process this process starts (converters,
 * poppler, tesseract, sandboxed workers). A child reserves its expected peak before it starts and
 * gives it back when it exits, so several documents can be worked on at once without their children
 * together outgrowing the machine. Waiters are served first come, first served: a large reservation
 * at the head is not overtaken and starved by a stream of small ones. A reservation larger than the
 * whole budget waits until nothing else is reserved and then runs alone.
 */
export interface BudgetState {
  readonly reservedMb: number;
  /** Reservations held (children running). */
  readonly holders: number;
  readonly waiting: number;
}

export class ChildMemoryBudget {
  private reserved = 0;
  private holders = 0;
  private readonly waiters: Array<{ readonly mb: number; readonly grant: () => void }> = [];
  private readonly listeners = new Set<(state: BudgetState) => void>();

  constructor(readonly totalMb: number) {
    if (!Number.isFinite(totalMb) || totalMb <= 0) throw new RangeError('the memory budget must be a positive number of MB');
  }

  get reservedMb(): number {
    return this.reserved;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Called after every grant and release (metrics, tests); answers how to stop listening. */
  onChange(listener: (state: BudgetState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits until `mb` fits (clamped to the whole budget), reserves it, answers the release (idempotent). */
  async reserve(mb: number): Promise<() => void> {
    const amount = Math.min(this.totalMb, Math.max(0, mb));
    if (this.waiters.length === 0 && this.fits(amount)) {
      this.take(amount);
    } else {
      await new Promise<void>((grant) => this.waiters.push({ mb: amount, grant }));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= amount;
      this.holders -= 1;
      this.notify();
      this.grantWaiters();
    };
  }

  async use<T>(mb: number, task: () => Promise<T>): Promise<T> {
    const release = await this.reserve(mb);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private take(mb: number): void {
    this.reserved += mb;
    this.holders += 1;
    this.notify();
  }

  private notify(): void {
    const state = { reservedMb: this.reserved, holders: this.holders, waiting: this.waiters.length };
    for (const listener of this.listeners) listener(state);
  }

  private fits(mb: number): boolean {
    return this.reserved + mb <= this.totalMb;
  }

  private grantWaiters(): void {
    for (let head = this.waiters[0]; head !== undefined && this.fits(head.mb); head = this.waiters[0]) {
      this.waiters.shift();
      this.take(head.mb);
      head.grant();
    }
  }
}

/** The default budget (MB) until configureChildMemoryBudget is called: the config's default. */
export const DEFAULT_CHILD_MEMORY_MB = 1536;

let shared = new ChildMemoryBudget(DEFAULT_CHILD_MEMORY_MB);

/** Per machine, so per process: runProgram and every SandboxPool reserve from this one budget. */
export function childMemoryBudget(): ChildMemoryBudget {
  return shared;
}

/** Sets the process-wide budget (at start, from config). Reservations already held stay with the old one. */
export function configureChildMemoryBudget(totalMb: number): void {
  if (shared.totalMb === totalMb) return;
  shared = new ChildMemoryBudget(totalMb);
}
