import { StateConflictError, type StateStore } from '../../storage/state/state-store.port.js';
import type { RecordingSettings } from './recording-settings.js';

/** StateStore tables of record and replay (ADR 0026): settings per route, and the sample rings. */
export const RECORDING_SETTINGS_TABLE = 'recordingsettings';
export const RECORDING_SAMPLES_TABLE = 'recordings';
const SETTINGS_PARTITION = 'routes';
const CURSOR_KEY = 'cursor';
const SLOT_PREFIX = 'slot-';
const CURSOR_ATTEMPTS = 8;

const ringPartition = (route: string): string => `route:${route}`;
const slotKey = (slot: number): string => `${SLOT_PREFIX}${String(slot).padStart(5, '0')}`;

/** One stored sample: only the sequence number, the time and the encrypted, sanitised call. */
export interface StoredRecordingSample {
  readonly seq: number;
  readonly at: string;
  readonly sealed: string;
}

interface RingCursor {
  readonly next: number;
}

/**
 * Settings and bounded rings in the shared StateStore, so every instance records into the same ring. A
 * sample takes the next sequence number with a compare-and-set on the ring's cursor, then overwrites slot
 * `seq % maxSamples` (the oldest once the ring is full).
 */
export class RecordingStore {
  constructor(private readonly store: StateStore) {}

  async settings(route: string): Promise<RecordingSettings | null> {
    return (await this.store.get<RecordingSettings>(RECORDING_SETTINGS_TABLE, SETTINGS_PARTITION, route))?.value ?? null;
  }

  async allSettings(): Promise<Map<string, RecordingSettings>> {
    const entities = await this.store.list<RecordingSettings>(RECORDING_SETTINGS_TABLE, SETTINGS_PARTITION);
    return new Map(entities.map((entity) => [entity.key, entity.value]));
  }

  /** A new ring size starts an empty ring (slots of the old size would not line up). */
  async putSettings(settings: RecordingSettings): Promise<void> {
    const before = await this.settings(settings.route);
    if (before !== null && before.maxSamples !== settings.maxSamples) await this.store.deletePartition(RECORDING_SAMPLES_TABLE, ringPartition(settings.route));
    await this.store.put(RECORDING_SETTINGS_TABLE, SETTINGS_PARTITION, settings.route, settings);
  }

  /** Turns recording off and deletes the route's samples; answers whether it was on. */
  async remove(route: string): Promise<boolean> {
    const removed = await this.store.delete(RECORDING_SETTINGS_TABLE, SETTINGS_PARTITION, route);
    await this.store.deletePartition(RECORDING_SAMPLES_TABLE, ringPartition(route));
    return removed;
  }

  /** Appends to the ring; answers false when the cursor stayed contended (the sample is dropped, never retried forever). */
  async append(route: string, maxSamples: number, sample: Omit<StoredRecordingSample, 'seq'>): Promise<boolean> {
    const partition = ringPartition(route);
    for (let attempt = 0; attempt < CURSOR_ATTEMPTS; attempt += 1) {
      const cursor = await this.store.get<RingCursor>(RECORDING_SAMPLES_TABLE, partition, CURSOR_KEY);
      const seq = cursor?.value.next ?? 0;
      try {
        await this.store.put<RingCursor>(RECORDING_SAMPLES_TABLE, partition, CURSOR_KEY, { next: seq + 1 }, cursor === null ? { ifAbsent: true } : { ifMatch: cursor.etag });
      } catch (error) {
        if (error instanceof StateConflictError) continue;
        throw error;
      }
      await this.store.put<StoredRecordingSample>(RECORDING_SAMPLES_TABLE, partition, slotKey(seq % maxSamples), { ...sample, seq });
      return true;
    }
    return false;
  }

  /** The samples of a route, newest first. */
  async samples(route: string): Promise<StoredRecordingSample[]> {
    const entities = await this.store.list<StoredRecordingSample>(RECORDING_SAMPLES_TABLE, ringPartition(route), { keyPrefix: SLOT_PREFIX });
    return entities.map((entity) => entity.value).sort((a, b) => b.seq - a.seq);
  }
}
