import { InMemoryStateStore } from './in-memory-state-store.adapter.js';
import { LeasedPeriodicWork } from './leased-periodic-work.js';
import { StateLease } from './state-lease.js';

describe('LeasedPeriodicWork', () => {
  let nowMs: number;
  let lease: StateLease;
  beforeEach(() => {
    nowMs = Date.parse('2026-12-05T12:00:00Z');
    lease = new StateLease(new InMemoryStateStore(), () => new Date(nowMs));
  });

  const worker = (passes: string[], name: string): LeasedPeriodicWork<boolean> => {
    const work: LeasedPeriodicWork<boolean> = new LeasedPeriodicWork(lease, 'sweep', 1_000, async () => {
      const leads = await work.lead();
      if (leads) passes.push(name);
      return leads;
    });
    return work;
  };

  it('lets one instance lead until its lease of three intervals runs out, then another', async () => {
    const passes: string[] = [];
    const a = worker(passes, 'a');
    const b = worker(passes, 'b');
    expect(await a.runOnce()).toBe(true);
    expect(await b.runOnce()).toBe(false);
    nowMs += 2_999;
    expect(await b.runOnce()).toBe(false);
    expect(await a.runOnce()).toBe(true);
    nowMs += 3_000;
    expect(await b.runOnce()).toBe(true);
    expect(await a.runOnce()).toBe(false);
    expect(passes).toEqual(['a', 'a', 'b']);
  });

  it('joins the pass under way instead of starting a second one', async () => {
    let calls = 0;
    let finish: (value: boolean) => void = () => undefined;
    const work = new LeasedPeriodicWork(lease, 'sweep', 1_000, () => {
      calls += 1;
      return new Promise<boolean>((resolve) => (finish = resolve));
    });
    const first = work.runOnce();
    const second = work.runOnce();
    finish(true);
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(calls).toBe(1);
  });

  it('gives the lease up when stopped, so another instance leads at once', async () => {
    const passes: string[] = [];
    const a = worker(passes, 'a');
    const b = worker(passes, 'b');
    await a.runOnce();
    await a.stop();
    expect(await b.runOnce()).toBe(true);
    expect(passes).toEqual(['a', 'b']);
  });
});
