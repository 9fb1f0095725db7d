import { randomUUID } from 'node:crypto';
import type { StateStore } from '../storage/state/state-store.port.js';
import { addCounts, emptyCounts, latencyBucket, MAX_CLIENTS_PER_ROUTE, sumCounts, type TrafficCounts } from './traffic-counts.js';

/** StateStore table of the shared traffic counters: partition per route and time bucket (or total), key per instance. */
export const ROUTE_TRAFFIC_TABLE = 'routetraffic';
export const DEFAULT_TRAFFIC_BUCKET_MS = 60_000;
/** The most buckets one window read lists (a day of minute buckets). */
const MAX_WINDOW_BUCKETS = 1_440;

export const totalPartition = (route: string): string => `total:${route}`;
export const bucketPartition = (route: string, startMs: number): string => `bucket:${route}:${String(startMs).padStart(15, '0')}`;

export interface RouteTrafficOptions {
  /** This instance's key in every partition (so instances never write the same entity). Default: a random UUID. */
  readonly instanceId?: string;
  readonly bucketMs?: number;
  readonly now?: () => Date;
}

/** In-memory counts of one partition not yet written. */
interface PendingEntry {
  readonly partition: string;
  /** Bucket start (ms), or null for the route's total. */
  readonly startMs: number | null;
  delta: TrafficCounts;
  dirty: boolean;
  dropped: boolean;
}

/**
 * The strangler's traffic counters shared by every instance (ADR 0025). Each call is an in-memory increment
 * on this instance's pending deltas; `flush` (on an interval and at shutdown) adds them into this instance's
 * OWN entity of each (route, bucket) and (route, total) partition, so instances never contend. Readers sum
 * every instance's entity of a partition.
 */
export class RouteTraffic {
  readonly instanceId: string;
  readonly bucketMs: number;
  readonly now: () => Date;
  private readonly pending = new Map<string, PendingEntry>();
  private readonly counters = new Map<string, RouteTrafficCounter>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: StateStore,
    options: RouteTrafficOptions = {},
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.bucketMs = options.bucketMs ?? DEFAULT_TRAFFIC_BUCKET_MS;
    this.now = options.now ?? (() => new Date());
    if (!(this.bucketMs >= 1_000)) throw new Error('the traffic bucket must be at least 1 s');
  }

  forRoute(route: string): RouteTrafficCounter {
    let counter = this.counters.get(route);
    if (counter === undefined) {
      counter = new RouteTrafficCounter(route, this);
      this.counters.set(route, counter);
    }
    return counter;
  }

  /** The pending entry of a partition (created on first use). */
  entry(partition: string, startMs: number | null): PendingEntry {
    let entry = this.pending.get(partition);
    if (entry === undefined) {
      entry = { partition, startMs, delta: emptyCounts(), dirty: false, dropped: false };
      this.pending.set(partition, entry);
    }
    return entry;
  }

  /** Writes every pending delta into this instance's entities; one flush at a time, failures retried on the next. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.flushOnce());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  startFlushing(intervalMs: number): void {
    this.stopFlushing();
    this.timer = setInterval(() => {
      this.flush().catch(() => undefined);
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the interval and writes what is pending. */
  async stop(): Promise<void> {
    this.stopFlushing();
    await this.flush();
  }

  stopFlushing(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Each route's counts since counting began, summed over every instance. */
  async totals(routes: readonly string[]): Promise<Map<string, TrafficCounts>> {
    const sums = await Promise.all(routes.map(async (route) => [route, await this.sumPartition(totalPartition(route))] as const));
    return new Map(sums);
  }

  /** A route's counts in the buckets that start within [fromMs, toMs], summed over every instance. */
  async window(route: string, fromMs: number, toMs: number): Promise<TrafficCounts> {
    const first = Math.ceil(fromMs / this.bucketMs) * this.bucketMs;
    const starts: number[] = [];
    for (let start = first; start <= toMs && starts.length < MAX_WINDOW_BUCKETS; start += this.bucketMs) starts.push(start);
    const parts = await Promise.all(starts.map((start) => this.sumPartition(bucketPartition(route, start))));
    return sumCounts(parts);
  }

  private async sumPartition(partition: string): Promise<TrafficCounts> {
    const entities = await this.store.list<Partial<TrafficCounts>>(ROUTE_TRAFFIC_TABLE, partition);
    return sumCounts(entities.map((entity) => entity.value));
  }

  private async flushOnce(): Promise<void> {
    const failures: unknown[] = [];
    for (const entry of [...this.pending.values()]) {
      if (!entry.dirty) continue;
      const delta = entry.delta;
      entry.delta = emptyCounts();
      entry.dirty = false;
      try {
        const current = await this.store.get<Partial<TrafficCounts>>(ROUTE_TRAFFIC_TABLE, entry.partition, this.instanceId);
        const next = addCounts(addCounts(emptyCounts(), current?.value ?? {}), delta);
        // Only this instance writes this key; the condition only guards against a second process with the same id.
        await this.store.put(ROUTE_TRAFFIC_TABLE, entry.partition, this.instanceId, next, current === null ? { ifAbsent: true } : { ifMatch: current.etag });
      } catch (error) {
        addCounts(entry.delta, delta);
        entry.dirty = true;
        failures.push(error);
      }
    }
    const current = this.bucketStart(this.now().getTime());
    for (const entry of this.pending.values()) {
      if (entry.startMs !== null && !entry.dirty && entry.startMs < current) {
        entry.dropped = true;
        this.pending.delete(entry.partition);
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  bucketStart(ms: number): number {
    return ms - (((ms % this.bucketMs) + this.bucketMs) % this.bucketMs);
  }
}

/** One route's counters on the hot path: increments of this instance's pending deltas, nothing else. */
export class RouteTrafficCounter {
  private readonly total: PendingEntry;
  private bucket: PendingEntry | null = null;
  /** Reused by every increment (the bucket's and the total's pending deltas), so counting allocates nothing. */
  private readonly pair: TrafficCounts[] = [];

  constructor(
    readonly route: string,
    private readonly traffic: RouteTraffic,
  ) {
    this.total = traffic.entry(totalPartition(route), null);
  }

  served(side: 'legacy' | 'modern', seconds: number, client: string, failed: boolean): void {
    const slot = latencyBucket(seconds * 1000);
    for (const counts of this.both()) {
      if (side === 'legacy') {
        counts.legacy += 1;
        counts.latencyLegacy[slot] += 1;
      } else {
        counts.modern += 1;
        counts.latencyModern[slot] += 1;
        if (failed) counts.modernFailed += 1;
      }
      const name = Object.hasOwn(counts.clients, client) || Object.keys(counts.clients).length < MAX_CLIENTS_PER_ROUTE ? client : '$other';
      counts.clients[name] = (counts.clients[name] ?? 0) + 1;
    }
  }

  count(field: CountedField, aboveNoise = false): void {
    for (const counts of this.both()) {
      counts[field] += 1;
      if (aboveNoise) counts.shadowAboveNoise += 1;
    }
  }

  private both(): readonly TrafficCounts[] {
    const start = this.traffic.bucketStart(this.traffic.now().getTime());
    let bucket = this.bucket;
    if (bucket === null || bucket.dropped || bucket.startMs !== start) {
      bucket = this.traffic.entry(bucketPartition(this.route, start), start);
      this.bucket = bucket;
    }
    bucket.dirty = true;
    this.total.dirty = true;
    this.pair[0] = bucket.delta;
    this.pair[1] = this.total.delta;
    return this.pair;
  }
}

export type CountedField =
  | 'fallbackError'
  | 'fallbackTimeout'
  | 'shadowCompared'
  | 'shadowMismatches'
  | 'shadowModernErrors'
  | 'shadowModernTimeouts'
  | 'shadowSkipped'
  | 'noiseCompared'
  | 'noiseMismatches'
  | 'noiseErrors';
