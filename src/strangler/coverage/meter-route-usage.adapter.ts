import type { RouteTable } from '../route-table.js';
import type { RouteUsage } from './route-usage.port.js';

/**
 * RouteUsage over the route meters' tallies: this instance's calls since it started, whatever the window.
 * A stopgap until the shared counters exist; the report says so in its `countsScope`.
 */
export class MeterRouteUsage implements RouteUsage {
  readonly scope = 'this instance since start';

  constructor(private readonly table: RouteTable) {}

  callsByRoute(): Promise<Map<string, number>> {
    return Promise.resolve(new Map(this.table.list().map((route) => [route.name, route.meter.tallies.servedLegacy + route.meter.tallies.servedModern])));
  }

  fallbacksByRoute(): Promise<Map<string, number>> {
    return Promise.resolve(new Map(this.table.list().map((route) => [route.name, route.meter.tallies.fallbacksOnError + route.meter.tallies.fallbacksOnTimeout])));
  }
}
