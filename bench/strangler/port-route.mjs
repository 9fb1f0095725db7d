// Route decision + registry lookup at the strangled LegacyCms port, in process (issue 13: < 10 µs p50).
//  decision: what a port call does before the implementation runs: the route of the method, the call
//            context of the caller (no request: a background job), the mode resolution (canary hash);
//  port call: StrangledLegacyCms.getDefendants → no-op legacy (or modern), minus the direct no-op call.
// Usage: npm run bench:strangler (builds first), or node bench/strangler/port-route.mjs after nest build.
// Options: --iterations=200000 --batch=100
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../lib/harness.mjs';

const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const args = parseArgs();
const ITERATIONS = Number(args.iterations ?? 200_000);
const BATCH = Number(args.batch ?? 100);

const { StranglerService } = await import(dist('strangler/strangler.service.js'));
const { RouteTable } = await import(dist('strangler/route-table.js'));
const { StranglerMetrics } = await import(dist('strangler/strangler-metrics.js'));
const { InMemoryRouteStateStore } = await import(dist('strangler/in-memory-route-state.store.js'));
const { stranglerOptions } = await import(dist('strangler/strangler.options.js'));
const { ModernRegistry } = await import(dist('strangler/modern-registry.js'));
const { resolveServing } = await import(dist('strangler/mode-resolver.js'));
const { stranglerContextFor } = await import(dist('strangler/strangler-request.js'));

const metrics = new StranglerMetrics();
const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
const strangler = new StranglerService(table, metrics, stranglerOptions({ routesFile: null, noiseFloorSampleRate: 0 }));
const registry = new ModernRegistry(strangler);
const answer = [{ defendantId: '1', firstNames: 'A', surname: 'B', dateOfBirth: null, isYouth: false, charges: [] }];
const noop = async () => answer;
const legacy = new Proxy({}, { get: () => noop });
registry.register('cases.getDefendants', { modern: noop });
const port = registry.strangle(legacy);
await table.set('cases.getDefendants', { mode: 'canary', percent: 50 }, 'bench', 'benchmark of the port route');

const callers = Array.from({ length: 64 }, (_, i) => ({ username: `user${i}`, subject: `sub-${i}`, correlationId: `bench-${i}` }));

/** Per-call µs of `work`, measured over batches (a timer read per call would weigh more than the work). */
async function perCall(work, sync = false) {
  const samples = [];
  let sink = 0;
  for (let i = 0; i < ITERATIONS / 10; i += 1) sink += sync ? work(i).length : (await work(i)).length; // warm-up
  for (let done = 0; done < ITERATIONS; done += BATCH) {
    const started = performance.now();
    if (sync) for (let i = 0; i < BATCH; i += 1) sink += work(done + i).length;
    else for (let i = 0; i < BATCH; i += 1) sink += (await work(done + i)).length;
    samples.push(((performance.now() - started) * 1000) / BATCH);
  }
  if (sink < 0) console.log(sink);
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

const decision = (i) => {
  const route = port.routes.getDefendants;
  const context = stranglerContextFor(callers[i & 63]);
  return resolveServing(route.active, route.name, context.userId, context.override, context.overrideAllowed === true);
};
const decisionSync = await perCall(decision, true);
const direct = await perCall((i) => noop(callers[i & 63], '1'));
const viaPort = await perCall((i) => port.getDefendants(callers[i & 63], '1'));

const us = (value) => Math.round(value * 1000) / 1000;
console.log('strangled port, in process (µs per call; canary 50% on cases.getDefendants, no request context)');
console.log(`  route decision + registry lookup   p50 ${us(decisionSync.p50)}   p99 ${us(decisionSync.p99)}   (target p50 < 10)`);
console.log(`  port call (await, no-op sides)     p50 ${us(viaPort.p50)}   p99 ${us(viaPort.p99)}`);
console.log(`  direct call (await, no-op)         p50 ${us(direct.p50)}   p99 ${us(direct.p99)}`);
console.log(`  port call minus direct             p50 ${us(viaPort.p50 - direct.p50)}`);
if (!(decisionSync.p50 < 10)) process.exitCode = 1;
