import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('shares one run between concurrent calls and forgets it once settled', async () => {
    const flights = new SingleFlight<string, number>();
    let calls = 0;
    let release!: (value: number) => void;
    const work = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = flights.run('k', work);
    const b = flights.run('k', work);
    expect(a).toBe(b);
    release(7);
    await expect(a).resolves.toBe(7);
    expect(flights.size).toBe(0);
    const c = flights.run('k', work);
    release(8);
    await expect(c).resolves.toBe(8);
    expect(calls).toBe(2);
  });

  it('keeps a fulfilled run when asked, and always forgets a rejected one', async () => {
    const flights = new SingleFlight<string, string>({ keepFulfilled: true });
    await expect(flights.run('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(flights.size).toBe(0);
    await expect(flights.run('good', () => Promise.resolve('client'))).resolves.toBe('client');
    await expect(flights.run('good', () => Promise.resolve('other'))).resolves.toBe('client');
    expect(flights.size).toBe(1);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flights = new SingleFlight<string, string>();
    await expect(
      flights.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });
});
