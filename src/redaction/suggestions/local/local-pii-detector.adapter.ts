import type { PiiDetectionRequest, PiiDetector, PiiSpan } from '../pii-detector.port.js';
import { detectLocally } from '../pii-span-assembly.js';
import { warmUpNlpNames } from './nlp-names.js';

/**
 * The local (offline) detector: the case's people from the legacy CMS, UK patterns, and rules for
 * names the case data does not list (titles and ranks, relations, introductions, capitals; compromise's reading of
 * capitalised words no rule explains), their later
 * mentions, dates of birth and addresses without a street keyword; spans grouped by person.
 * Pure computation on the text given: nothing is downloaded, nothing leaves the process.
 */
export class LocalPiiDetector implements PiiDetector {
  readonly name = 'local';

  /** `nlpNames`: put capitalised runs no rule explains to compromise (PII_NAME_NLP, on by default). */
  constructor(private readonly options: { readonly nlpNames: boolean } = { nlpNames: true }) {
    if (options.nlpNames) warmUpNlpNames();
  }

  static fromConfig(options: { readonly nlpNames: boolean } = { nlpNames: true }): LocalPiiDetector {
    return new LocalPiiDetector(options);
  }

  detect(request: PiiDetectionRequest): Promise<PiiSpan[]> {
    return Promise.resolve(detectLocally(request, this.options));
  }

  readiness(): Promise<{ ready: boolean }> {
    return Promise.resolve({ ready: true });
  }
}
