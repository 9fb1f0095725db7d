import type { SandboxPool } from '../../conversion/sandbox/index.js';
import type { TextExtractor } from '../../conversion/text/text-extractor.port.js';
import type { RedactionVerificationInput, RedactionVerifier } from '../redaction-verifier.port.js';
import type { VerificationReport } from '../redaction.types.js';
import { verifyRedaction, type VerifierOptions } from './redaction-verifier.js';
import { verificationRequestFor } from './verification-request.mapper.js';

/**
 * The RedactionVerifier port: maps the plan onto the output's pages, collects the words that were
 * under the boxes, and runs every check of verifyRedaction. Bind with
 * `{ provide: REDACTION_VERIFIER, useFactory: () => ExtractingRedactionVerifier.fromConfig({ ... }) }`.
 */
export class ExtractingRedactionVerifier implements RedactionVerifier {
  constructor(private readonly options: VerifierOptions = {}) {}

  static fromConfig(options: { pool?: SandboxPool; extractor?: TextExtractor; timeoutMs?: number; maxMemoryMb?: number } = {}): ExtractingRedactionVerifier {
    return new ExtractingRedactionVerifier(options);
  }

  verify(input: RedactionVerificationInput): Promise<VerificationReport> {
    return verifyRedaction(input.redactedPdfPath, verificationRequestFor(input.plan, input.originalText), this.options);
  }
}
