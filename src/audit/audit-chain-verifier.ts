import type { StateEntity, StateStore } from '../storage/state/state-store.port.js';
import { GENESIS_HASH, HEAD_KEY, RECORD_KEY_PREFIX, hashOf, type ChainHead } from './audit-chain.js';
import type { AuditRecord } from './audit-record.js';
import { AUDIT_TABLE } from './audit-table.js';

export type ChainProblemKind = 'edited' | 'deleted' | 'reordered';

export interface ChainProblem {
  readonly chain: string;
  readonly kind: ChainProblemKind;
  /** The row key where the chain breaks (`head` for a removed tail). */
  readonly key: string;
  readonly detail: string;
}

export interface ChainReport {
  readonly chains: number;
  readonly records: number;
  readonly problems: readonly ChainProblem[];
}

const PAGE = 1000;

/**
 * Walks every chain of the audit table and names each break: a record whose content no longer matches its
 * hash (edited), a gap in the sequence or a tail shorter than the head says (deleted), a record under
 * another record's key or linked out of order (reordered).
 */
export class AuditChainVerifier {
  constructor(private readonly store: StateStore) {}

  async verifyAll(): Promise<ChainReport> {
    const chains = await this.store.partitions(AUDIT_TABLE);
    let records = 0;
    const problems: ChainProblem[] = [];
    for (const chain of chains) {
      const report = await this.verifyChain(chain);
      records += report.records;
      problems.push(...report.problems);
    }
    return { chains: chains.length, records, problems };
  }

  async verifyChain(chain: string): Promise<{ records: number; problems: ChainProblem[] }> {
    const problems: ChainProblem[] = [];
    const problem = (kind: ChainProblemKind, key: string, detail: string): void => void problems.push({ chain, kind, key, detail });
    /** seq → stored hash (about 100 bytes a record), so links are checked whatever order the rows are in. */
    const hashes = new Map<number, string>();
    const links: { key: string; seq: number; prevHash: unknown }[] = [];
    let expectedSeq = 1;
    let lastKeySeq = 0;
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const page: StateEntity<AuditRecord>[] = await this.store.list<AuditRecord>(AUDIT_TABLE, chain, { keyPrefix: RECORD_KEY_PREFIX, afterKey: after, limit: PAGE });
      for (const entity of page) {
        count += 1;
        const record = entity.value;
        const keySeq = Number(entity.key.slice(RECORD_KEY_PREFIX.length));
        lastKeySeq = keySeq;
        if (record === null || typeof record !== 'object' || typeof record.seq !== 'number') {
          problem('edited', entity.key, 'the row is not an audit record');
          continue;
        }
        hashes.set(record.seq, record.hash);
        if (hashOf(record) !== record.hash) problem('edited', entity.key, 'the record does not match its hash');
        else if (record.seq !== keySeq || record.chain !== chain) problem('reordered', entity.key, `the record of ${record.chain}#${record.seq} sits at ${chain}#${keySeq}`);
        else if (keySeq > expectedSeq) problem('deleted', entity.key, `records ${expectedSeq}..${keySeq - 1} are missing`);
        links.push({ key: entity.key, seq: record.seq, prevHash: record.prevHash });
        expectedSeq = keySeq + 1;
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.key;
    }
    for (const link of links) {
      const expected = link.seq === 1 ? GENESIS_HASH : hashes.get(link.seq - 1);
      // A missing predecessor is already named (a gap, or a moved record).
      if (expected !== undefined && link.prevHash !== expected) problem('edited', link.key, `record ${link.seq} does not follow record ${link.seq - 1}`);
    }
    const head = await this.store.get<ChainHead>(AUDIT_TABLE, chain, HEAD_KEY);
    if (head === null) {
      if (count > 0) problem('edited', HEAD_KEY, 'the chain has no head');
    } else if (head.value.seq > lastKeySeq) {
      problem('deleted', HEAD_KEY, `the head names record ${head.value.seq}; the chain ends at ${lastKeySeq}`);
    } else if (head.value.seq < lastKeySeq) {
      problem('edited', HEAD_KEY, `the head names record ${head.value.seq}; the chain goes on to ${lastKeySeq}`);
    } else if (head.value.hash !== hashes.get(head.value.seq)) {
      problem('edited', HEAD_KEY, 'the head does not match the last record');
    }
    problems.sort((a, b) => (a.key === b.key ? 0 : a.key === HEAD_KEY ? 1 : b.key === HEAD_KEY ? -1 : a.key < b.key ? -1 : 1));
    return { records: count, problems };
  }
}
