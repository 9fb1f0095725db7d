import type { RedactionLogEntryDto } from '../redaction-request.dto.js';
import type { RedactionLogEntry } from '../redaction-log.js';
import type { TypeCount } from './agency-feedback.js';

const typeCounts = (record: Readonly<Record<string, number>>): TypeCount[] => Object.entries(record).map(([redactionType, count]) => ({ redactionType, count }));

/** A log entry as the API shows it: counts as lists, and of the removed words' hashes only how many (salt and hashes stay here). */
export function toRedactionLogEntryDto(entry: RedactionLogEntry): RedactionLogEntryDto {
  const { byType, byPage, otherReasons, agencyFeedback, verification, removedWords, pages, pageModifications, reasonCodes, ...rest } = entry;
  return {
    ...rest,
    pages: [...pages],
    pageModifications: [...pageModifications],
    reasonCodes: [...reasonCodes],
    ...(byType === undefined ? {} : { byType: typeCounts(byType) }),
    ...(byPage === undefined ? {} : { byPage: byPage.map((page) => ({ pageIndex: page.pageIndex, boxCount: page.boxCount, byType: typeCounts(page.byType) })) }),
    ...(otherReasons === undefined ? {} : { otherReasons: [...otherReasons] }),
    ...(agencyFeedback === undefined
      ? {}
      : { agencyFeedback: { ...agencyFeedback, underRedactions: agencyFeedback.underRedactions.map((item) => ({ ...item })), overRedactions: agencyFeedback.overRedactions.map((item) => ({ ...item })) } }),
    ...(verification === undefined ? {} : { verification: { ...verification, checks: verification.checks?.map((check) => ({ ...check })) ?? null } }),
    ...(removedWords === undefined
      ? {}
      : { removedWords: { algorithm: removedWords.algorithm, keyId: removedWords.keyId, wordCount: removedWords.wordCount, truncated: removedWords.truncated } }),
  };
}
