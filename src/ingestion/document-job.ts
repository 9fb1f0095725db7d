import type { VersionRef } from '../common/version-ref.js';

/** The JobQueue queue of the pipeline: one job per document version. */
export const DOCUMENT_QUEUE = 'ingest-documents';

/** A job is the version to process. */
export type EnqueueDocument = (job: VersionRef) => Promise<void>;
