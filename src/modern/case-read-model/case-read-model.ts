import { isDomainError } from '../../common/domain-error.js';
import type { LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { toLegacyId } from '../../legacy/legacy.mapper.js';
import { StateConflictError, type StateEntity, type StateStore } from '../../storage/state/state-store.port.js';

/** Sorts after every zero-padded item key. */
export const CASE_ENTITY_KEY = 'case';

export interface CaseReadModelState {
  /** ISO-8601: when the items were last read from the legacy CMS; empty once a write through the port invalidated them. */
  readonly refreshedAt: string;
  /** The keys of that refresh, in answer order. */
  readonly itemKeys: readonly string[];
}

/** What differs between two case read models. */
export interface CaseReadModelSpec<T> {
  /** One partition per case: an entity per item and the case entity (CASE_ENTITY_KEY). */
  readonly table: string;
  /** The case's items from the legacy CMS (the unstrangled port), as the caller. */
  readonly readLegacy: (caller: LegacyCaller, caseId: string) => Promise<T[]>;
  /** Each item with its key (zero-padded, never CASE_ENTITY_KEY), in the order the model answers. */
  readonly keyed: (items: readonly T[]) => { readonly key: string; readonly item: T }[];
}

/** The one case-access decision (CaseAccessService). */
export interface CaseAccessDecision {
  assertCanSee(caller: LegacyCaller, caseId: string): Promise<void>;
}

export interface CaseReadModelOptions {
  /** A case is refreshed from the legacy CMS when older than this. */
  readonly maxAgeMs: number;
  /** Epoch milliseconds. */
  readonly now: () => number;
}

/** Writes to the store at a time during a refresh. */
const WRITE_CONCURRENCY = 16;

/** The canonical caseId, checked (it names the partition). */
const partitionOf = (caseId: string): string => {
  toLegacyId(caseId, 'caseId');
  return caseId;
};

interface Refresh<T> {
  readonly username: string;
  readonly done: Promise<T[]>;
}

/**
 * A case's list served from the facade's state store: refreshed from the legacy CMS when missing, older
 * than `maxAgeMs`, invalidated, or on `refresh`. Every answer is preceded by the case-access decision, so
 * a caller the legacy CMS denies never reads the store. `invalidate` marks the case stale in the store
 * (every instance sees it); a refresh that read legacy before that mark does not record itself as fresh.
 */
export class CaseReadModel<T> {
  /** One legacy read per case at a time in this process (not a correctness rule: the store's etag is). */
  private readonly refreshes = new Map<string, Refresh<T>>();
  /** Invalidations this process started and the store has not confirmed yet; reads here wait for them. */
  private readonly invalidations = new Map<string, Promise<void>>();

  constructor(
    private readonly spec: CaseReadModelSpec<T>,
    private readonly access: CaseAccessDecision,
    private readonly store: StateStore,
    private readonly options: CaseReadModelOptions,
  ) {}

  async list(caller: LegacyCaller, caseId: string): Promise<T[]> {
    const partition = partitionOf(caseId);
    await this.access.assertCanSee(caller, partition);
    await this.invalidations.get(partition);
    const running = this.refreshes.get(partition);
    if (running) return this.join(running, caller, partition);
    const state = await this.store.get<CaseReadModelState>(this.spec.table, partition, CASE_ENTITY_KEY);
    if (state && this.isFresh(state)) {
      const stored = await this.storedItems(partition, state.value);
      if (stored) return stored;
    }
    const started = this.refreshes.get(partition);
    return started ? this.join(started, caller, partition) : this.start(caller, partition, state?.etag ?? null);
  }

  /** Reads the case from the legacy CMS now; items gone from legacy disappear. */
  async refresh(caller: LegacyCaller, caseId: string): Promise<T[]> {
    const partition = partitionOf(caseId);
    await this.access.assertCanSee(caller, partition);
    await this.invalidations.get(partition);
    // A refresh already running may have read legacy before the change this caller wants to see.
    for (let running = this.refreshes.get(partition); running; running = this.refreshes.get(partition)) {
      await running.done.catch(() => undefined);
    }
    const state = await this.store.get<CaseReadModelState>(this.spec.table, partition, CASE_ENTITY_KEY);
    return this.start(caller, partition, state?.etag ?? null);
  }

  /**
   * Marks the case stale in the store after a write to it; returns at once and never throws (a legacy
   * answer listener). A failed mark is logged by `onError`; the case then ages out as usual.
   */
  invalidate(caseId: string, onError: (error: unknown) => void = () => undefined): void {
    let partition: string;
    try {
      partition = partitionOf(caseId);
    } catch {
      return;
    }
    // Later reads in this process must not join a refresh that may have read legacy before the write.
    this.refreshes.delete(partition);
    const stale: CaseReadModelState = { refreshedAt: '', itemKeys: [] };
    const previous = this.invalidations.get(partition) ?? Promise.resolve();
    const done: Promise<void> = previous
      .then(() => this.store.put(this.spec.table, partition, CASE_ENTITY_KEY, stale))
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => {
        if (this.invalidations.get(partition) === done) this.invalidations.delete(partition);
      });
    this.invalidations.set(partition, done);
  }

  private isFresh(state: StateEntity<CaseReadModelState>): boolean {
    const refreshedAt = Date.parse(state.value.refreshedAt);
    return Number.isFinite(refreshedAt) && this.options.now() - refreshedAt < this.options.maxAgeMs;
  }

  /** The items of the last refresh, or null if the partition no longer holds all of them. */
  private async storedItems(partition: string, state: CaseReadModelState): Promise<T[] | null> {
    const entities = await this.store.list<T>(this.spec.table, partition);
    const byKey = new Map(entities.map((entity) => [entity.key, entity.value]));
    const items: T[] = [];
    for (const key of state.itemKeys) {
      const item = byKey.get(key);
      if (item === undefined) return null;
      items.push(item);
    }
    return items;
  }

  /** Waits for another caller's refresh; if it failed, this caller tries on its own (its access may differ). */
  private async join(running: Refresh<T>, caller: LegacyCaller, partition: string): Promise<T[]> {
    try {
      return await running.done;
    } catch (error) {
      if (running.username === caller.username) throw error;
      const next = this.refreshes.get(partition);
      if (next) return this.join(next, caller, partition);
      const state = await this.store.get<CaseReadModelState>(this.spec.table, partition, CASE_ENTITY_KEY);
      return this.start(caller, partition, state?.etag ?? null);
    }
  }

  /** `seenEtag`: the case entity's etag before legacy is read (null: absent); the refresh is recorded only over it. */
  private start(caller: LegacyCaller, partition: string, seenEtag: string | null): Promise<T[]> {
    const done = this.load(caller, partition, seenEtag).finally(() => {
      if (this.refreshes.get(partition)?.done === done) this.refreshes.delete(partition);
    });
    this.refreshes.set(partition, { username: caller.username, done });
    return done;
  }

  private async load(caller: LegacyCaller, partition: string, seenEtag: string | null): Promise<T[]> {
    const { table } = this.spec;
    let fromLegacy: T[];
    try {
      fromLegacy = await this.spec.readLegacy(caller, partition);
    } catch (error) {
      if (isDomainError(error) && error.code === 'CASE_NOT_FOUND') await this.store.deletePartition(table, partition);
      throw error;
    }
    const keyed = this.spec.keyed(fromLegacy);
    const existing = new Map(
      (await this.store.list<T>(table, partition)).filter((entity) => entity.key !== CASE_ENTITY_KEY).map((entity) => [entity.key, entity.value]),
    );
    const changed = keyed.filter(({ key, item }) => JSON.stringify(existing.get(key)) !== JSON.stringify(item));
    await inBatches(changed, ({ key, item }) => this.store.put(table, partition, key, item));
    const current = new Set(keyed.map(({ key }) => key));
    await inBatches(
      [...existing.keys()].filter((key) => !current.has(key)),
      (key) => this.store.delete(table, partition, key),
    );
    const state: CaseReadModelState = { refreshedAt: new Date(this.options.now()).toISOString(), itemKeys: keyed.map(({ key }) => key) };
    try {
      await this.store.put(table, partition, CASE_ENTITY_KEY, state, seenEtag === null ? { ifAbsent: true } : { ifMatch: seenEtag });
    } catch (error) {
      // Another refresh or an invalidation got there first: this answer stands, the store keeps theirs.
      if (!(error instanceof StateConflictError)) throw error;
    }
    // Through JSON, as a later read from the store answers them.
    return keyed.map(({ item }) => JSON.parse(JSON.stringify(item)) as T);
  }
}

async function inBatches<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += WRITE_CONCURRENCY) {
    await Promise.all(items.slice(start, start + WRITE_CONCURRENCY).map(write));
  }
}
