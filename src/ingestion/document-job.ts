/** The JobQueue queue of the pipeline: one job per document version. */
export const DOCUMENT_QUEUE = 'ingest-documents';

export interface DocumentJob {
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
}

export type EnqueueDocument = (job: DocumentJob) => Promise<void>;
