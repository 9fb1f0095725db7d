import type { IngestionTools } from '../ingestion-tools.port.js';

/** Stage 4: the real type of the fetched bytes; the legacy CMS's MIME type and file name are only hints. */
export function sniffDocument(tools: IngestionTools, path: string, declaredMimeType: string, fileName: string): Promise<string> {
  return tools.sniff(path, declaredMimeType, fileName);
}
