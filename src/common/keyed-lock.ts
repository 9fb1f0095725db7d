/**
 * Work on one key runs one piece at a time, in call order, within this process only. It de-duplicates
 * and orders work inside one instance; a rule that must hold across instances needs a lease or an etag
 * condition in the StateStore instead.
 */
export class InProcessKeyedLock<K = string> {
  private readonly tails = new Map<K, Promise<unknown>>();

  /** Runs `work` once every earlier piece of work on `key` has settled (succeeded or failed). */
  async run<T>(key: K, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
