import type { VersionRef } from '../../common/version-ref.js';
import type { DocumentText, Word } from '../../common/word-model.js';
import type { IndexedLine, SearchIndex } from '../../search/search-index.port.js';


const BATCH_LINES = 2_000;

/** One index entry per non-empty line, numbered per page as extracted. */
export function toIndexedLines(ref: VersionRef, text: DocumentText): IndexedLine[] {
  const lines: IndexedLine[] = [];
  for (const page of text.pages) {
    page.lines.forEach((line, lineIndex) => {
      if (line.words.length === 0 || line.text.trim() === '') return;
      lines.push({
        caseId: ref.caseId,
        documentId: ref.documentId,
        versionId: ref.versionId,
        pageIndex: page.pageIndex,
        lineIndex,
        text: line.text,
        pageWidth: page.width,
        pageHeight: page.height,
        words: line.words.map((word): Word => (word.covered ? { text: word.text, box: word.box, covered: true } : { text: word.text, box: word.box })),
      });
    });
  }
  return lines;
}

/**
 * Stage: puts one version's lines in the index, replacing whatever a previous (interrupted) attempt
 * left, then removes the previous version's lines. Safe to run again at any point.
 */
export async function indexVersion(index: SearchIndex, ref: VersionRef, text: DocumentText, previousVersionId: string | null): Promise<number> {
  const lines = toIndexedLines(ref, text);
  await index.deleteDocument(ref.caseId, ref.documentId, ref.versionId);
  for (let start = 0; start < lines.length; start += BATCH_LINES) await index.upsertLines(lines.slice(start, start + BATCH_LINES));
  if (previousVersionId !== null && previousVersionId !== ref.versionId) await index.deleteDocument(ref.caseId, ref.documentId, previousVersionId);
  return lines.length;
}
