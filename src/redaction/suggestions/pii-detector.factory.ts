import type { PiiDetectorConfig } from '../../config/app-config.js';
import { azureTokenCredential } from '../../storage/azure-credential.js';
import { AzureLanguagePiiDetector } from './azure-language/azure-language-pii-detector.adapter.js';
import { LocalPiiDetector } from './local/local-pii-detector.adapter.js';
import type { PiiDetector } from './pii-detector.port.js';

/** The detector PII_DETECTOR names (ADR 0039); Azure AI Language is reached with the managed identity. */
export async function createPiiDetector(config: PiiDetectorConfig): Promise<PiiDetector> {
  if (config.kind === 'local') return LocalPiiDetector.fromConfig({ nlpNames: config.nlpNames });
  return AzureLanguagePiiDetector.fromConfig({ endpoint: config.endpoint, credential: await azureTokenCredential(config.managedIdentityClientId) });
}
