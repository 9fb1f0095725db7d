import { describe, expect, it } from '@jest/globals';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import type { StateStore } from '../storage/state/state-store.port.js';
import { RouteTraffic } from './route-traffic.js';
import { clientNameOf } from './traffic-counts.js';

describe('RouteTraffic', () => {
  it('keeps the deltas of a failed flush and writes them with the next one', async () => {
    const store = new InMemoryStateStore();
    let failPuts = 1;
    const flaky: StateStore = Object.create(store, {
      put: {
        value: (...args: Parameters<StateStore['put']>) => {
          if (failPuts > 0) {
            failPuts -= 1;
            return Promise.reject(new Error('store down'));
          }
          return store.put(...args);
        },
      },
    }) as StateStore;
    const traffic = new RouteTraffic(flaky, { instanceId: 'a', now: () => new Date('2026-01-01T00:00:30Z') });
    const counter = traffic.forRoute('cases.getSummary');
    counter.served('legacy', 0.002, 'unnamed', false);
    await expect(traffic.flush()).rejects.toThrow('store down');
    counter.served('modern', 0.002, 'ui', true);
    await traffic.flush();
    const totals = (await traffic.totals(['cases.getSummary'])).get('cases.getSummary');
    expect(totals).toMatchObject({ legacy: 1, modern: 1, modernFailed: 1, clients: { unnamed: 1, ui: 1 } });
    const window = await traffic.window('cases.getSummary', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T00:00:59Z'));
    expect(window).toMatchObject({ legacy: 1, modern: 1 });
  });

  it('counts X-Client-Name as a token, unknown when malformed, unnamed when missing', () => {
    expect(clientNameOf('casework-ui.v2_1')).toBe('casework-ui.v2_1');
    expect(clientNameOf(['bulk-export', 'other'])).toBe('bulk-export');
    expect(clientNameOf('has space')).toBe('unknown');
    expect(clientNameOf('x'.repeat(65))).toBe('unknown');
    expect(clientNameOf('<script>')).toBe('unknown');
    expect(clientNameOf(undefined)).toBe('unnamed');
    expect(clientNameOf('')).toBe('unnamed');
  });
});
