import { assembleSpans } from '../pii-span-assembly.js';
import type { PiiDetectionRequest, PiiDetector, PiiSpan } from '../pii-detector.port.js';
import type { SuggestionCategory, TextMatch } from '../suggestion.types.js';

export const LANGUAGE_API_VERSION = '2023-04-01';
const TOKEN_SCOPE = 'https://cognitiveservices.azure.com/.default';
/** The synchronous API's limits: 5 documents per request, 5,120 characters per document. */
const DOCUMENTS_PER_REQUEST = 5;
const CHARACTERS_PER_DOCUMENT = 5000;

/** The slice of @azure/identity's TokenCredential the adapter needs. */
export interface BearerTokenSource {
  getToken(scope: string): Promise<{ token: string } | null>;
}

export interface AzureLanguagePiiOptions {
  /** e.g. https://my-language.cognitiveservices.azure.com */
  readonly endpoint: string;
  /** A credential (managed identity in production). */
  readonly credential: BearerTokenSource;
  /** Entities below this confidence are dropped. */
  readonly minConfidence?: number;
}

/** Azure AI Language PII categories we redact, mapped to ours; the rest (Organization, DateTime, URL…) are not personal data here. */
const CATEGORY_MAP: Readonly<Record<string, SuggestionCategory>> = {
  Person: 'name',
  PhoneNumber: 'phone',
  Email: 'email',
  Address: 'address',
  UKNationalInsuranceNumber: 'ni-number',
  DateOfBirth: 'dob',
  UKDriversLicenseNumber: 'vehicle-reg',
  InternationalBankingAccountNumber: 'account-number',
};

interface PiiEntity {
  readonly text: string;
  readonly category: string;
  readonly subcategory?: string;
  readonly offset: number;
  readonly length: number;
  readonly confidenceScore: number;
}

interface AnalyzeTextPiiResult {
  readonly kind: string;
  readonly results?: {
    readonly documents?: readonly { readonly id: string; readonly entities: readonly PiiEntity[] }[];
    readonly errors?: readonly { readonly id: string; readonly error: { readonly code: string; readonly message?: string } }[];
  };
}

interface Chunk {
  readonly id: string;
  readonly pageIndex: number;
  readonly start: number;
  readonly text: string;
}

export class AzureLanguagePiiError extends Error {}

/**
 * Azure AI Language PII detection (`:analyze-text`, kind PiiEntityRecognition, UTF-16 offsets) over its
 * REST API: each page in chunks of at most 5,000 characters cut at whitespace, five per request. Its
 * entities, mapped to our categories, join the case data's matches and the UK patterns (postcodes, sort
 * codes… that the service does not know) and are grouped by person like the local adapter's (later
 * mentions included); the local name rules do not run. A failed request fails the whole detection: a partial
 * answer would look complete to a lawyer.
 */
export class AzureLanguagePiiDetector implements PiiDetector {
  readonly name = 'azure-language';

  constructor(private readonly options: AzureLanguagePiiOptions) {}

  static fromConfig(options: AzureLanguagePiiOptions): AzureLanguagePiiDetector {
    return new AzureLanguagePiiDetector(options);
  }

  async detect(request: PiiDetectionRequest): Promise<PiiSpan[]> {
    const chunks = request.pages.flatMap((page) => chunksOf(page.pageIndex, page.text));
    const found = new Map<number, TextMatch[]>();
    for (let at = 0; at < chunks.length; at += DOCUMENTS_PER_REQUEST) {
      const batch = chunks.slice(at, at + DOCUMENTS_PER_REQUEST);
      const result = await this.analyse(batch);
      for (const document of result.results?.documents ?? []) {
        const chunk = batch.find((candidate) => candidate.id === document.id);
        if (chunk === undefined) continue;
        const matches = found.get(chunk.pageIndex) ?? [];
        for (const entity of document.entities) {
          const category = CATEGORY_MAP[entity.category];
          if (category === undefined || entity.confidenceScore < (this.options.minConfidence ?? 0.5)) continue;
          matches.push({ start: chunk.start + entity.offset, end: chunk.start + entity.offset + entity.length, category, source: 'azure-language', confidence: entity.confidenceScore });
        }
        found.set(chunk.pageIndex, matches);
      }
      const failed = result.results?.errors ?? [];
      if (failed.length > 0) throw new AzureLanguagePiiError(`Azure AI Language refused ${failed.length} document(s): ${failed[0].error.code}`);
    }
    return assembleSpans(request, { nameRules: false, found });
  }

  async readiness(): Promise<{ ready: boolean; detail?: string }> {
    try {
      await this.options.credential.getToken(TOKEN_SCOPE);
      return { ready: true };
    } catch {
      return { ready: false, detail: 'no token for Azure AI Language' };
    }
  }

  private async analyse(batch: readonly Chunk[]): Promise<AnalyzeTextPiiResult> {
    const token = await this.options.credential.getToken(TOKEN_SCOPE);
    if (token === null) throw new AzureLanguagePiiError('no token for Azure AI Language');
    const url = `${this.options.endpoint.replace(/\/+$/, '')}/language/:analyze-text?api-version=${LANGUAGE_API_VERSION}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'PiiEntityRecognition',
        parameters: { modelVersion: 'latest', stringIndexType: 'Utf16CodeUnit', loggingOptOut: true },
        analysisInput: { documents: batch.map((chunk) => ({ id: chunk.id, language: 'en', text: chunk.text })) },
      }),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 200) throw new AzureLanguagePiiError(`Azure AI Language answered ${response.status}`);
    return (await response.json()) as AnalyzeTextPiiResult;
  }
}

/** A page's text in pieces of at most CHARACTERS_PER_DOCUMENT, cut at whitespace (a name is never split). */
export function chunksOf(pageIndex: number, text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHARACTERS_PER_DOCUMENT);
    if (end < text.length) {
      const cut = Math.max(text.lastIndexOf(' ', end), text.lastIndexOf('\n', end));
      if (cut > start) end = cut;
    }
    chunks.push({ id: `${pageIndex}-${chunks.length}`, pageIndex, start, text: text.slice(start, end) });
    start = end;
  }
  return chunks;
}
