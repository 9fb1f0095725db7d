import { RoundRobinSlots } from './round-robin-slots.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RoundRobinSlots', () => {
  it('serves waiting documents in turn, not one document to the end before the next', async () => {
    const slots = new RoundRobinSlots(1);
    const order: string[] = [];
    const holder = await slots.acquire('first');
    const waits = [
      ...['a1', 'a2', 'a3'].map((page) => slots.use('A', () => Promise.resolve(void order.push(page)))),
      ...['b1', 'b2'].map((page) => slots.use('B', () => Promise.resolve(void order.push(page)))),
      slots.use('C', () => Promise.resolve(void order.push('c1'))),
    ];
    expect(slots.waiting).toBe(6);
    holder();
    await Promise.all(waits);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(slots.inUse).toBe(0);
  });

  it('holds at most `permits` at once and frees the slot when a task throws', async () => {
    const slots = new RoundRobinSlots(2);
    let running = 0;
    let peak = 0;
    const finishers: Array<() => void> = [];
    const tasks = Array.from({ length: 5 }, (_, i) =>
      slots.use(`doc-${i % 2}`, async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => finishers.push(resolve));
        running -= 1;
        if (i === 0) throw new Error('page failed');
      }).then(
        () => 'ok',
        () => 'failed',
      ),
    );
    for (let i = 0; i < 5; i += 1) {
      await flush();
      finishers.shift()!();
    }
    expect(await Promise.all(tasks)).toEqual(['failed', 'ok', 'ok', 'ok', 'ok']);
    expect(peak).toBe(2);
    expect(slots.inUse).toBe(0);
  });
});
