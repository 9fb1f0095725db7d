import type { CaseDocument } from '../../legacy/legacy-cms.port.js';

/** What the history keeps of one document of a case list: enough to tell each kind of change. */
export interface DocumentSnapshot {
  readonly versionIds: readonly string[];
  readonly title: string;
  readonly category: string;
}

/** documentId → what the facade last saw of it. */
export type CaseSnapshot = Readonly<Record<string, DocumentSnapshot>>;

export const CHANGE_KINDS = ['added', 'newVersion', 'renamed', 'reclassified', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One change between two lists. `from`/`to` are titles (renamed), categories (reclassified) or version ids (newVersion). */
export interface DocumentChange {
  readonly kind: ChangeKind;
  readonly documentId: string;
  /** The document's title when the change was seen (its last title for a removal). */
  readonly title: string;
  readonly versionId: string;
  readonly from: string | null;
  readonly to: string | null;
}

export function snapshotOf(documents: readonly CaseDocument[]): CaseSnapshot {
  const snapshot: Record<string, DocumentSnapshot> = {};
  for (const document of documents) {
    const versionIds = document.versions.map((version) => version.versionId);
    if (versionIds.at(-1) !== document.versionId) versionIds.push(document.versionId);
    snapshot[document.documentId] = { versionIds, title: document.title, category: document.category };
  }
  return snapshot;
}

const byId = (a: string, b: string): number => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The changes from one list to the next, in document id order; per document: added, or newVersion, renamed,
 * reclassified (each that applies); removed for a document no longer listed. Several new versions seen at once
 * are one change (from the last seen to the current).
 */
export function diffSnapshots(previous: CaseSnapshot, next: CaseSnapshot): DocumentChange[] {
  const changes: DocumentChange[] = [];
  const ids = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort(byId);
  for (const documentId of ids) {
    const before = previous[documentId];
    const after = next[documentId];
    if (after === undefined) {
      changes.push({ kind: 'removed', documentId, title: before.title, versionId: before.versionIds.at(-1) ?? '', from: null, to: null });
      continue;
    }
    const versionId = after.versionIds.at(-1) ?? '';
    if (before === undefined) {
      changes.push({ kind: 'added', documentId, title: after.title, versionId, from: null, to: null });
      continue;
    }
    const beforeVersion = before.versionIds.at(-1) ?? '';
    if (beforeVersion !== versionId) changes.push({ kind: 'newVersion', documentId, title: after.title, versionId, from: beforeVersion, to: versionId });
    if (before.title !== after.title) changes.push({ kind: 'renamed', documentId, title: after.title, versionId, from: before.title, to: after.title });
    if (before.category !== after.category) changes.push({ kind: 'reclassified', documentId, title: after.title, versionId, from: before.category, to: after.category });
  }
  return changes;
}
