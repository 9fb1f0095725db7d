import { DomainError } from '../../src/common/domain-error.js';
import type { IngestedVersions } from '../../src/ingestion/ingested-versions.port.js';

/** IngestedVersions of a facade that has ingested nothing (the cases resources without the pipeline). */
export const neverIngestedVersions: IngestedVersions = {
  pdfSize: () => Promise.resolve(null),
  openPdf: () => Promise.reject(new DomainError('DOCUMENT_NOT_FOUND', 'nothing is ingested')),
  copyPdfToFile: () => Promise.resolve(false),
  readText: () => Promise.resolve(null),
  state: () => Promise.resolve(null),
  states: () => Promise.resolve(new Map()),
  currentVersions: () => Promise.resolve(null),
  refresh: () => Promise.resolve([]),
  supersede: () => Promise.resolve(),
  coveredText: () => Promise.resolve(null),
};
