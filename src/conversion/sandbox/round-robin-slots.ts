/**
 * A counting semaphore whose waiters are grouped by a key (a document) and served in turn, one from
 * each key: a 300-page scan does not hold back the pages of the documents queued after it, and every
 * document in flight keeps moving. Within a key, first come first served.
 */
export class RoundRobinSlots {
  private available: number;
  private readonly queues = new Map<string, Array<() => void>>();
  /** Keys with waiters, in the order they are next served. */
  private readonly turn: string[] = [];

  constructor(readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError('permits must be a positive integer');
    this.available = permits;
  }

  get inUse(): number {
    return this.permits - this.available;
  }

  get waiting(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  async acquire(key: string): Promise<() => void> {
    if (this.available > 0 && this.turn.length === 0) {
      this.available -= 1;
    } else {
      await new Promise<void>((resolve) => {
        const queue = this.queues.get(key);
        if (queue) queue.push(resolve);
        else {
          this.queues.set(key, [resolve]);
          this.turn.push(key);
        }
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOn();
    };
  }

  async use<T>(key: string, task: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private handOn(): void {
    const key = this.turn.shift();
    if (key === undefined) {
      this.available += 1;
      return;
    }
    const queue = this.queues.get(key)!;
    const next = queue.shift()!;
    if (queue.length === 0) this.queues.delete(key);
    else this.turn.push(key);
    next();
  }
}
