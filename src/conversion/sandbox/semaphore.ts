import { RoundRobinSlots } from './round-robin-slots.js';

const ONE_QUEUE = '';

/** A counting semaphore: at most `permits` holders at once, FIFO for the waiters (round-robin slots with one queue). */
export class Semaphore {
  private readonly slots: RoundRobinSlots;

  constructor(readonly permits: number) {
    this.slots = new RoundRobinSlots(permits);
  }

  get inUse(): number {
    return this.slots.inUse;
  }

  get waiting(): number {
    return this.slots.waiting;
  }

  acquire(): Promise<() => void> {
    return this.slots.acquire(ONE_QUEUE);
  }

  use<T>(task: () => Promise<T>): Promise<T> {
    return this.slots.use(ONE_QUEUE, task);
  }
}
