import { ChildMemoryBudget } from './child-memory-budget.js';

/** Lets every settled promise's callbacks run (no timers: the budget is driven only by releases). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ChildMemoryBudget', () => {
  it('grants reservations that fit at once and makes the next wait until enough is released', async () => {
    const budget = new ChildMemoryBudget(1000);
    const first = await budget.reserve(600);
    const second = await budget.reserve(300);
    expect(budget.reservedMb).toBe(900);

    let thirdGranted = false;
    const third = budget.reserve(200).then((release) => {
      thirdGranted = true;
      return release;
    });
    await flush();
    expect(thirdGranted).toBe(false);
    expect(budget.waiting).toBe(1);

    second();
    await flush();
    expect(thirdGranted).toBe(true);
    expect(budget.reservedMb).toBe(800);
    first();
    (await third)();
    expect(budget.reservedMb).toBe(0);
  });

  it('serves waiters in order: a large one at the head is not overtaken by smaller ones that would fit', async () => {
    const budget = new ChildMemoryBudget(1000);
    const held = await budget.reserve(700);
    const order: string[] = [];
    const large = budget.reserve(800).then((release) => (order.push('large'), release));
    const small = budget.reserve(100).then((release) => (order.push('small'), release));
    await flush();
    expect(order).toEqual([]);

    held();
    await flush();
    expect(order).toEqual(['large', 'small']);
    expect(budget.reservedMb).toBe(900);
    (await large)();
    (await small)();
  });

  it('runs a job larger than the whole budget alone, once everything else has been released', async () => {
    const budget = new ChildMemoryBudget(1000);
    const a = await budget.reserve(100);
    const b = await budget.reserve(100);
    let hugeGranted = false;
    const huge = budget.reserve(5000).then((release) => {
      hugeGranted = true;
      return release;
    });
    a();
    await flush();
    expect(hugeGranted).toBe(false);
    b();
    await flush();
    expect(hugeGranted).toBe(true);
    expect(budget.reservedMb).toBe(1000);

    let afterGranted = false;
    const after = budget.reserve(1).then((release) => ((afterGranted = true), release));
    await flush();
    expect(afterGranted).toBe(false);
    (await huge)();
    await flush();
    expect(afterGranted).toBe(true);
    (await after)();
    expect(budget.reservedMb).toBe(0);
  });

  it('releases once however often release is called, and on a task that throws', async () => {
    const budget = new ChildMemoryBudget(500);
    const release = await budget.reserve(400);
    release();
    release();
    expect(budget.reservedMb).toBe(0);

    await expect(budget.use(300, () => Promise.reject(new Error('child failed')))).rejects.toThrow('child failed');
    expect(budget.reservedMb).toBe(0);
    await expect(budget.use(300, () => Promise.resolve('done'))).resolves.toBe('done');
  });

  it('never has more reserved than the budget while many tasks of varied sizes run', async () => {
    const budget = new ChildMemoryBudget(1536);
    const sizes = [400, 512, 192, 128, 32, 400, 900, 160, 2000, 64, 512, 300];
    let peak = 0;
    let running = 0;
    let maxRunning = 0;
    const finishers: Array<() => void> = [];
    const tasks = sizes.map((mb) =>
      budget.use(mb, async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        peak = Math.max(peak, budget.reservedMb);
        await new Promise<void>((resolve) => finishers.push(resolve));
        running -= 1;
      }),
    );
    // finish whatever is running, oldest first, until all are done
    for (let done = 0; done < sizes.length; done += 1) {
      await flush();
      finishers.shift()!();
    }
    await Promise.all(tasks);
    expect(peak).toBeLessThanOrEqual(1536);
    expect(maxRunning).toBeGreaterThan(1);
    expect(budget.reservedMb).toBe(0);
  });

  it('tells listeners of every grant and release', async () => {
    const budget = new ChildMemoryBudget(300);
    const states: string[] = [];
    const stop = budget.onChange((state) => states.push(`${state.reservedMb}/${state.holders}/${state.waiting}`));
    const a = await budget.reserve(200);
    const pending = budget.reserve(200);
    a();
    (await pending)();
    stop();
    await budget.use(10, () => Promise.resolve());
    expect(states).toEqual(['200/1/0', '0/0/1', '200/1/0', '0/0/0']);
  });

  it('refuses a budget that is not a positive number', () => {
    expect(() => new ChildMemoryBudget(0)).toThrow(RangeError);
    expect(() => new ChildMemoryBudget(Number.NaN)).toThrow(RangeError);
  });
});
