import type { ConvertedPdf, IngestionTools } from '../ingestion-tools.port.js';

/** Stage 5: any supported document → PDF (PDFs are re-saved clean); an e-mail also yields its attachments. */
export function convertDocument(tools: IngestionTools, input: { path: string; mimeType: string; fileName: string; workDir: string }): Promise<ConvertedPdf> {
  return tools.convert(input);
}
