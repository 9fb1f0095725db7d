import type { CaseDocument } from '../../legacy/legacy-cms.port.js';
import { isTerminal, type TrackedDocument } from '../tracker/tracker.model.js';

export interface CaseDiff {
  /** Listed documents the tracker has never seen. */
  readonly added: readonly CaseDocument[];
  /** Listed documents whose current version is not the tracked one. */
  readonly changed: readonly { readonly listed: CaseDocument; readonly tracked: TrackedDocument }[];
  /** Tracked at the listed version but not finished (a crash or restart interrupted them): queue again. */
  readonly unfinished: readonly TrackedDocument[];
  /** Tracked documents no longer listed, with the attachments unpacked from them. */
  readonly deleted: readonly TrackedDocument[];
  readonly unchanged: number;
}

/**
 * Stage 2: what a refresh has to do, keyed by (documentId, versionId). Attachments unpacked from an
 * e-mail are not listed by the legacy CMS; they follow their parent.
 */
export function diffCase(listed: readonly CaseDocument[], tracked: readonly TrackedDocument[]): CaseDiff {
  const trackedById = new Map(tracked.map((document) => [document.documentId, document]));
  const listedIds = new Set(listed.map((document) => document.documentId));
  const added: CaseDocument[] = [];
  const changed: { listed: CaseDocument; tracked: TrackedDocument }[] = [];
  const unfinished: TrackedDocument[] = [];
  let unchanged = 0;
  for (const document of listed) {
    const known = trackedById.get(document.documentId);
    if (known === undefined) added.push(document);
    else if (known.versionId !== document.versionId) changed.push({ listed: document, tracked: known });
    else if (!isTerminal(known.status)) unfinished.push(known);
    else unchanged += 1;
  }
  const deletedParents = new Set<string>();
  const deleted: TrackedDocument[] = [];
  for (const document of tracked) {
    if (document.childIndex === null && !listedIds.has(document.documentId)) {
      deleted.push(document);
      deletedParents.add(document.documentId);
    }
  }
  for (const document of tracked) {
    if (document.childIndex === null) continue;
    if (document.parentDocumentId !== null && deletedParents.has(document.parentDocumentId)) deleted.push(document);
    else if (!isTerminal(document.status) && trackedById.get(document.parentDocumentId ?? '')?.versionId === document.versionId) unfinished.push(document);
  }
  return { added, changed, unfinished, deleted, unchanged };
}
