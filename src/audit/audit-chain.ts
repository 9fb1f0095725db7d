import { createHash } from 'node:crypto';
import type { AuditEvent, AuditRecord } from './audit-record.js';

/** The `prevHash` of the first record of a chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** Partition of a chain: `<yyyy-MM-dd>~<writer id>`; the day first, so partitions sort by day. */
export const CHAIN_SEPARATOR = '~';
/** Row keys: records `r<seq, 12 digits>`, and the chain's head (`{ seq, hash }` of its last record). */
export const RECORD_KEY_PREFIX = 'r';
export const HEAD_KEY = 'head';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const recordKey = (seq: number): string => `${RECORD_KEY_PREFIX}${String(seq).padStart(12, '0')}`;
export const chainOf = (day: string, writerId: string): string => `${day}${CHAIN_SEPARATOR}${writerId}`;
export const dayOfChain = (chain: string): string => chain.split(CHAIN_SEPARATOR, 1)[0];

/** JSON with object keys sorted at every level: one text per value, whatever the insertion order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys) ?? 'null';
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value).sort();
  const sorted: Record<string, unknown> = {};
  for (const key of keys) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/** The hash a record must carry: over every field but `hash`. */
export function hashOf(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _ignored, ...body } = record as AuditRecord;
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** The next record of a chain. */
export function sealRecord(event: AuditEvent, at: string, chain: string, previous: ChainHead): AuditRecord {
  const seq = previous.seq + 1;
  const body: Omit<AuditRecord, 'hash'> = { id: `${chain}/${seq}`, at, chain, seq, prevHash: previous.hash, ...definedFields(event), outcome: event.outcome ?? 'allowed' };
  return { ...body, hash: hashOf(body) };
}

function definedFields(event: AuditEvent): AuditEvent {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as unknown as AuditEvent;
}
