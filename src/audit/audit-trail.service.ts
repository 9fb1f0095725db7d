import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { MAX_STATE_BATCH, StateConflictError, type StateBatchWrite, type StateStore } from '../storage/state/state-store.port.js';
import { CHAIN_SEPARATOR, GENESIS_HASH, HEAD_KEY, chainOf, dayOfChain, recordKey, sealRecord, type ChainHead } from './audit-chain.js';
import type { AuditEvent, AuditRecord } from './audit-record.js';
import { AUDIT_TABLE } from './audit-table.js';

export { AUDIT_TABLE } from './audit-table.js';
export type { AuditEvent, AuditRecord } from './audit-record.js';

export const AUDIT_TRAIL = Symbol('AuditTrail');

export interface AuditTrailOptions {
  /** Names this writer's chains; unique per process (default: host, pid and random bits). */
  readonly writerId?: string;
  readonly now?: () => Date;
  /** Told of every batch that could not be written (metrics). */
  readonly onWriteFailure?: (records: number, error: unknown) => void;
  /** How long a record that may wait (`{ wait: false }`) waits for others to share its batch (default 5 ms). */
  readonly lingerMs?: number;
}

export interface RecordOptions {
  /**
   * `true` (default): the caller awaits the commit, so the batch is written on the next turn of the event loop.
   * `false`: the caller does not wait (fail-open), so the record may linger up to `lingerMs` for company.
   */
  readonly wait?: boolean;
}

interface Pending {
  readonly event: AuditEvent;
  readonly at: string;
  readonly resolve: (record: AuditRecord) => void;
  readonly reject: (error: unknown) => void;
}

interface CachedHead extends ChainHead {
  /** The head entity's etag; null when the chain has no head yet. */
  readonly etag: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LIST = 1000;
/** One slot of every batch is the chain head. */
const RECORDS_PER_BATCH = MAX_STATE_BATCH - 1;
const logger = new Logger('AuditTrail');

/**
 * The append-only, hash-chained audit trail. Each process appends to its own chain per UTC day
 * (partition `<day>~<writer id>`), so writers never contend. Records of concurrent requests are written
 * together (group commit): `record` resolves once its record is committed, in one StateStore batch with
 * the chain's head, whose etag guards the append — the head in memory is only a cache, re-read after any
 * failure. There is deliberately no update or delete.
 */
export class AuditTrail implements BeforeApplicationShutdown {
  readonly writerId: string;
  private readonly now: () => Date;
  private readonly heads = new Map<string, CachedHead>();
  private pending: Pending[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private immediate = false;
  private urgent = false;
  private readonly lingerMs: number;

  constructor(
    private readonly store: StateStore,
    options: AuditTrailOptions | (() => Date) = {},
  ) {
    const resolved = typeof options === 'function' ? { now: options } : options;
    this.writerId = resolved.writerId ?? defaultWriterId();
    if (this.writerId.includes(CHAIN_SEPARATOR) || this.writerId === '') throw new Error(`an audit writer id is non-empty and has no ${CHAIN_SEPARATOR}`);
    this.now = resolved.now ?? (() => new Date());
    this.onWriteFailure = resolved.onWriteFailure;
    this.lingerMs = resolved.lingerMs ?? 5;
  }

  private readonly onWriteFailure: AuditTrailOptions['onWriteFailure'];

  /** Appends one record; resolves once it is durably written (with the others of its batch), rejects if it could not be. */
  record(event: AuditEvent, options: RecordOptions = {}): Promise<AuditRecord> {
    for (const field of ['action', 'actor', 'target'] as const) {
      if (typeof event[field] !== 'string' || event[field].trim() === '') return Promise.reject(new Error(`an audit event needs its ${field}`));
    }
    const at = this.now().toISOString();
    return new Promise<AuditRecord>((resolve, reject) => {
      this.pending.push({ event, at, resolve, reject });
      this.schedule(options.wait !== false);
    });
  }

  /** Resolves once every record handed in so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.running !== null) {
      if (this.running === null) this.start();
      await this.running;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** Records of one UTC day (`yyyy-MM-dd`) from every writer, oldest first; `after` is the last id of the previous page. */
  async list(options: { readonly day: string; readonly limit?: number; readonly after?: string }): Promise<AuditRecord[]> {
    if (!DAY.test(options.day)) throw new Error('an audit day is yyyy-MM-dd');
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 0), MAX_LIST);
    const records = (await this.recordsOfDay(options.day)).sort(compareRecords);
    const start = options.after === undefined ? 0 : records.findIndex((record) => record.id === options.after) + 1;
    return start === 0 && options.after !== undefined ? [] : records.slice(start, start + limit);
  }

  /** Every record of a day, from every chain of that day, unsorted. */
  async recordsOfDay(day: string): Promise<AuditRecord[]> {
    const chains = (await this.store.partitions(AUDIT_TABLE)).filter((chain) => dayOfChain(chain) === day);
    const lists = await Promise.all(chains.map((chain) => this.store.list<AuditRecord>(AUDIT_TABLE, chain, { keyPrefix: 'r' })));
    return lists.flat().map((entity) => entity.value);
  }

  /** The UTC days that have records, ascending. */
  async days(): Promise<string[]> {
    return [...new Set((await this.store.partitions(AUDIT_TABLE)).map(dayOfChain))];
  }

  /**
   * Group commit: a record someone awaits is written on the next turn of the event loop, with every record
   * handed in meanwhile; one nobody awaits waits up to lingerMs for company. One drain runs at a time.
   */
  private schedule(urgent: boolean): void {
    if (urgent) this.urgent = true;
    if (this.running !== null || this.immediate) return;
    if (this.urgent) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.immediate = true;
      setImmediate(() => this.start());
    } else {
      this.timer ??= setTimeout(() => this.start(), this.lingerMs);
    }
  }

  private start(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.immediate = false;
    if (this.running !== null) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.pending.length > 0) this.schedule(this.urgent);
    });
  }

  /** Writes everything pending; never rejects (append settles each record itself). */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.urgent = false;
      const byChain = new Map<string, Pending[]>();
      for (const item of batch) {
        const chain = chainOf(item.at.slice(0, 10), this.writerId);
        const items = byChain.get(chain);
        if (items === undefined) byChain.set(chain, [item]);
        else items.push(item);
      }
      for (const [chain, items] of byChain) {
        for (let i = 0; i < items.length; i += RECORDS_PER_BATCH) await this.append(chain, items.slice(i, i + RECORDS_PER_BATCH));
      }
    }
  }

  private async append(chain: string, items: readonly Pending[]): Promise<void> {
    try {
      const head = await this.headOf(chain);
      const records: AuditRecord[] = [];
      let previous: ChainHead = head;
      for (const item of items) {
        const record = sealRecord(item.event, item.at, chain, previous);
        records.push(record);
        previous = record;
      }
      const writes: StateBatchWrite<AuditRecord | ChainHead>[] = records.map((record) => ({ key: recordKey(record.seq), value: record, condition: { ifAbsent: true } }));
      writes.push({ key: HEAD_KEY, value: { seq: previous.seq, hash: previous.hash }, condition: head.etag === null ? { ifAbsent: true } : { ifMatch: head.etag } });
      const written = await this.store.putBatch(AUDIT_TABLE, chain, writes);
      this.heads.set(chain, { seq: previous.seq, hash: previous.hash, etag: written.at(-1)!.etag });
      records.forEach((record, i) => items[i].resolve(record));
    } catch (error) {
      // Whatever happened, the next append reads the head from the store again.
      this.heads.delete(chain);
      this.onWriteFailure?.(items.length, error);
      if (error instanceof StateConflictError) logger.error({ chain }, 'the audit chain moved under this writer (is the writer id shared?)');
      for (const item of items) item.reject(error);
    }
  }

  private async headOf(chain: string): Promise<CachedHead> {
    const cached = this.heads.get(chain);
    if (cached !== undefined) return cached;
    const stored = await this.store.get<ChainHead>(AUDIT_TABLE, chain, HEAD_KEY);
    return stored === null ? { seq: 0, hash: GENESIS_HASH, etag: null } : { ...stored.value, etag: stored.etag };
  }
}

/** Records by time, then chain and place in it (writers' clocks differ a little; this keeps the order total). */
export function compareRecords(a: Pick<AuditRecord, 'at' | 'chain' | 'seq'>, b: Pick<AuditRecord, 'at' | 'chain' | 'seq'>): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.chain !== b.chain) return a.chain < b.chain ? -1 : 1;
  return a.seq - b.seq;
}

function defaultWriterId(): string {
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '').slice(0, 24) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
