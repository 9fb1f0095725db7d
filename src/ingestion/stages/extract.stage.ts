import type { DocumentText } from '../../common/word-model.js';
import type { IngestionTools } from '../ingestion-tools.port.js';

/** Stage 7: the PDF's text layer as pages, lines and words with boxes. */
export function extractDocumentText(tools: IngestionTools, pdfPath: string): Promise<DocumentText> {
  return tools.extractText(pdfPath);
}
