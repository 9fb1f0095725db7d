import { InProcessKeyedLock } from './keyed-lock.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('InProcessKeyedLock', () => {
  it('runs work on one key one at a time, in call order, even after a failure', async () => {
    const lock = new InProcessKeyedLock();
    const order: string[] = [];
    const first = deferred();
    const a = lock.run('k', async () => {
      order.push('a-start');
      await first.promise;
      order.push('a-end');
      throw new Error('a failed');
    });
    const b = lock.run('k', () => {
      order.push('b');
      return Promise.resolve('b');
    });
    await Promise.resolve();
    expect(order).toEqual(['a-start']);
    first.resolve();
    await expect(a).rejects.toThrow('a failed');
    await expect(b).resolves.toBe('b');
    expect(order).toEqual(['a-start', 'a-end', 'b']);
    expect(lock.size).toBe(0);
  });

  it('does not hold one key behind another', async () => {
    const lock = new InProcessKeyedLock();
    const blocker = deferred();
    const slow = lock.run('a', () => blocker.promise);
    await expect(lock.run('b', () => Promise.resolve(2))).resolves.toBe(2);
    blocker.resolve();
    await slow;
  });
});
