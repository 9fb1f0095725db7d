import { ProcessingFailure } from '../processing-failure.js';
import type { PageText } from '../../common/word-model.js';
import type { Ocr, OcrPage } from './ocr.port.js';
import { toOcrPageText, type PixelWord } from './pixel-words.mapper.js';

export const DOCUMENT_INTELLIGENCE_API_VERSION = '2024-11-30';
const TOKEN_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** The slice of @azure/identity's TokenCredential the adapter needs. */
export interface BearerTokenSource {
  getToken(scope: string): Promise<{ token: string } | null>;
}

export interface AzureDocumentIntelligenceOcrOptions {
  /** e.g. https://my-resource.cognitiveservices.azure.com */
  readonly endpoint: string;
  /** Either a key (Ocp-Apim-Subscription-Key) or a credential (e.g. DefaultAzureCredential). */
  readonly apiKey?: string;
  readonly credential?: BearerTokenSource;
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
}

interface ReadSpan {
  readonly offset: number;
  readonly length: number;
}

interface ReadWord {
  readonly content: string;
  readonly polygon?: readonly number[];
  readonly span?: ReadSpan;
}

interface ReadPage {
  readonly pageNumber: number;
  readonly width: number;
  readonly height: number;
  readonly unit?: string;
  readonly words?: readonly ReadWord[];
  readonly lines?: readonly { readonly spans?: readonly ReadSpan[] }[];
}

interface AnalyzeOperation {
  readonly status: 'notStarted' | 'running' | 'succeeded' | 'failed' | 'canceled';
  readonly analyzeResult?: { readonly pages?: readonly ReadPage[] };
}

/**
 * Azure AI Document Intelligence, prebuilt-read model, over its REST API: POST the image to
 * `documentModels/prebuilt-read:analyze`, then poll the Operation-Location until it succeeds. Word
 * polygons (pixels for images) become boxes in points; words are put on lines by their spans.
 */
export class AzureDocumentIntelligenceOcr implements Ocr {
  readonly engine = 'azure-document-intelligence' as const;

  constructor(private readonly options: AzureDocumentIntelligenceOcrOptions) {
    if (!options.apiKey && !options.credential) throw new Error('Document Intelligence needs an API key or a credential');
  }

  static fromConfig(options: AzureDocumentIntelligenceOcrOptions): AzureDocumentIntelligenceOcr {
    return new AzureDocumentIntelligenceOcr(options);
  }

  async recognise(imagePng: Buffer, page: OcrPage): Promise<PageText> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 120_000);
    const base = this.options.endpoint.replace(/\/+$/, '');
    const analyzeUrl = `${base}/documentintelligence/documentModels/prebuilt-read:analyze?api-version=${DOCUMENT_INTELLIGENCE_API_VERSION}`;
    const submitted = await this.send(analyzeUrl, { method: 'POST', body: imagePng, contentType: 'application/octet-stream' });
    if (submitted.status !== 202) throw await failure(submitted, 'submitting the page');
    const operationUrl = submitted.headers.get('operation-location');
    if (!operationUrl || !operationUrl.startsWith(`${base}/`)) throw new ProcessingFailure('OCR_FAILED', 'Document Intelligence gave no usable Operation-Location');

    for (;;) {
      const polled = await this.send(operationUrl, { method: 'GET' });
      if (polled.status !== 200) throw await failure(polled, 'polling the analysis');
      const operation = (await polled.json()) as AnalyzeOperation;
      switch (operation.status) {
        case 'succeeded':
          return this.toPageText(operation, page);
        case 'failed':
        case 'canceled':
          throw new ProcessingFailure('OCR_FAILED', `Document Intelligence analysis ${operation.status}`);
        case 'notStarted':
        case 'running':
          break;
      }
      const retryAfterMs = Number(polled.headers.get('retry-after') ?? '') * 1000;
      const waitMs = this.options.pollIntervalMs ?? (Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 1000);
      if (Date.now() + waitMs > deadline) throw new ProcessingFailure('TIMEOUT', 'Document Intelligence took too long');
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private async send(url: string, request: { method: 'GET' | 'POST'; body?: Buffer; contentType?: string }): Promise<Response> {
    const headers: Record<string, string> = {};
    if (request.contentType) headers['content-type'] = request.contentType;
    if (this.options.apiKey) {
      headers['ocp-apim-subscription-key'] = this.options.apiKey;
    } else if (this.options.credential) {
      const token = await this.options.credential.getToken(TOKEN_SCOPE);
      if (!token) throw new ProcessingFailure('OCR_FAILED', 'no token for Document Intelligence');
      headers.authorization = `Bearer ${token.token}`;
    }
    try {
      return await fetch(url, { method: request.method, headers, body: request.body });
    } catch (error) {
      throw new ProcessingFailure('OCR_FAILED', 'Document Intelligence is unreachable', { cause: error });
    }
  }

  private toPageText(operation: AnalyzeOperation, page: OcrPage): PageText {
    const resultPage = operation.analyzeResult?.pages?.[0];
    if (!resultPage) return { pageIndex: page.pageIndex, width: page.width, height: page.height, rotation: 0, source: 'ocr', lines: [] };
    const lineSpans = (resultPage.lines ?? []).map((line) => line.spans ?? []);
    const lineOf = (span: ReadSpan | undefined): number =>
      span ? lineSpans.findIndex((spans) => spans.some((candidate) => span.offset >= candidate.offset && span.offset < candidate.offset + candidate.length)) : -1;
    const words: PixelWord[] = [];
    for (const [index, word] of (resultPage.words ?? []).entries()) {
      const polygon = word.polygon ?? [];
      if (polygon.length < 8) continue;
      const xs = polygon.filter((_value, at) => at % 2 === 0);
      const ys = polygon.filter((_value, at) => at % 2 === 1);
      const left = Math.min(...xs);
      const top = Math.min(...ys);
      const line = lineOf(word.span);
      words.push({
        text: word.content,
        left,
        top,
        width: Math.max(...xs) - left,
        height: Math.max(...ys) - top,
        lineKey: line >= 0 ? `line-${line}` : `word-${index}`,
      });
    }
    return toOcrPageText(words, { width: resultPage.width, height: resultPage.height }, page);
  }
}

async function failure(response: Response, what: string): Promise<ProcessingFailure> {
  let code = '';
  try {
    const body = (await response.json()) as { error?: { code?: string } };
    code = body.error?.code ?? '';
  } catch {
    // not JSON
  }
  if (response.status === 408 || response.status === 504) return new ProcessingFailure('TIMEOUT', `Document Intelligence timed out ${what}`);
  return new ProcessingFailure('OCR_FAILED', `Document Intelligence failed ${what}: HTTP ${response.status}${code ? ` ${code}` : ''}`);
}
