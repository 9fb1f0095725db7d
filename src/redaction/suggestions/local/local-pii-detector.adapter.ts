import type { PiiDetectionRequest, PiiDetector, PiiSpan } from '../pii-detector.port.js';
import { detectLocally } from '../pii-span-assembly.js';

/**
 * The local (offline) detector: the case's people from the legacy CMS, UK patterns, and rules for
 * names the case data does not list (titles and ranks, relations, introductions, capitals), their later
 * mentions, dates of birth and addresses without a street keyword; spans grouped by person.
 * Pure computation on the text given: nothing is downloaded, nothing leaves the process.
 */
export class LocalPiiDetector implements PiiDetector {
  readonly name = 'local';

  static fromConfig(): LocalPiiDetector {
    return new LocalPiiDetector();
  }

  detect(request: PiiDetectionRequest): Promise<PiiSpan[]> {
    return Promise.resolve(detectLocally(request));
  }

  readiness(): Promise<{ ready: boolean }> {
    return Promise.resolve({ ready: true });
  }
}
