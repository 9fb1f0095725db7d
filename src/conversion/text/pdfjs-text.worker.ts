import type { DocumentText } from '../../common/word-model.js';
import { extractWithPdfjs } from './pdfjs-document-text.js';

export interface PdfjsTextJob {
  readonly pdfPath: string;
}

/** Sandbox entry point (see SandboxPool): one document per child process. */
export default async function extractPdfjsText(job: PdfjsTextJob): Promise<DocumentText> {
  return extractWithPdfjs(job.pdfPath);
}
