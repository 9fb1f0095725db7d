/**
 * Verifies a redacted PDF before it may be saved. Three independent checks, all always run:
 * - extracted-text: the output's text is re-extracted; no word intersecting a redaction box may remain on its page;
 * - stream-scan: every stream is decompressed (qpdf --qdf --decode-level=all, plus our own scan of the raw
 *   bytes, which reads older revisions and orphaned objects too) and searched for the redacted words in
 *   plain, hex-string, UTF-8, UTF-16BE/LE and TJ-split forms, case-insensitively;
 * - scrub: nothing on the scrub list (metadata, annotations, forms, attachments, scripts, layers, outlines,
 *   thumbnails, structure tree) and exactly one revision.
 * Failure details say which check failed and where, never what the redacted text was.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isProcessingFailure } from '../../conversion/processing-failure.js';
import { findProgram, isSandboxFailure, runProgram, SandboxPool } from '../../conversion/sandbox/index.js';
import { createTextExtractor } from '../../conversion/text/text-extractor.factory.js';
import type { TextExtractor } from '../../conversion/text/text-extractor.port.js';
import type { DocumentText } from '../../common/word-model.js';
import type { PdfRedactionBox, VerificationReport } from '../redaction.types.js';
import { redactedWords } from './redacted-needles.js';
import { intersectsRedaction } from './redaction-geometry.js';
import type { RedactionScanJob, RedactionScanOutput } from './redaction-scan.worker.js';

export const VERIFICATION_CHECKS = ['extracted-text', 'stream-scan', 'scrub'] as const;
export type VerificationCheck = (typeof VERIFICATION_CHECKS)[number];
export type VerificationFailure = VerificationReport['failures'][number] & { check: VerificationCheck };

export interface VerificationRequest {
  /** In the output's pages (after any page deletion or rotation): PDF points, top-left origin of the displayed page. */
  readonly boxes: readonly PdfRedactionBox[];
  /** The text that was under the boxes; words shorter than 3 characters are left to the extracted-text check. */
  readonly redactedStrings: readonly string[];
}

export interface VerifierOptions {
  readonly extractor?: TextExtractor;
  /** Sandbox for the stream scan; a one-off pool is used (and closed) when absent. */
  readonly pool?: SandboxPool;
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
}

const SCAN_WORKER = new URL('./redaction-scan.worker.js', import.meta.url);
const QPDF_OK_CODES = new Set([0, 3]);

export async function verifyRedaction(outputPdfPath: string, request: VerificationRequest, options: VerifierOptions = {}): Promise<VerificationReport> {
  const path = resolve(outputPdfPath);
  const limits = { timeoutMs: options.timeoutMs ?? 120_000, maxMemoryMb: options.maxMemoryMb ?? 2048 };
  const extractor = options.extractor ?? createTextExtractor({ timeoutMs: limits.timeoutMs });
  const workDir = await mkdtemp(join(tmpdir(), 'redaction-verify-'));
  const ownPool = options.pool ? undefined : new SandboxPool({ concurrency: 1 });
  const pool = options.pool ?? ownPool!;
  try {
    const [textFailures, streamAndScrubFailures] = await Promise.all([
      checkExtractedText(extractor, path, request.boxes),
      checkStreamsAndScrubList(pool, path, workDir, request.redactedStrings, limits),
    ]);
    const failures = withoutRedactedText([...textFailures, ...streamAndScrubFailures], request.redactedStrings);
    return { ok: failures.length === 0, failures };
  } finally {
    await ownPool?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function checkExtractedText(extractor: TextExtractor, path: string, boxes: readonly PdfRedactionBox[]): Promise<VerificationFailure[]> {
  let text: DocumentText;
  try {
    text = await extractor.extract(path);
  } catch (error) {
    const reason = isProcessingFailure(error) ? error.reason : 'EXTRACTION_FAILED';
    return [{ check: 'extracted-text', detail: `the output's text could not be re-extracted (${reason})` }];
  }
  const failures: VerificationFailure[] = [];
  boxes.forEach((redaction, boxIndex) => {
    const page = text.pages.find((candidate) => candidate.pageIndex === redaction.pageIndex);
    if (!page) {
      if (redaction.pageIndex >= text.pageCount) {
        failures.push({ check: 'extracted-text', pageIndex: redaction.pageIndex, detail: `redaction box #${boxIndex} names page ${redaction.pageIndex + 1}, which the output does not have` });
      }
      return;
    }
    const survivors = page.lines.flatMap((line) => line.words).filter((word) => intersectsRedaction(word.box, redaction.box)).length;
    if (survivors > 0) {
      failures.push({
        check: 'extracted-text',
        pageIndex: redaction.pageIndex,
        detail: `page ${redaction.pageIndex + 1}: ${survivors} extracted word(s) intersect redaction box #${boxIndex}`,
      });
    }
  });
  return failures;
}

async function checkStreamsAndScrubList(
  pool: SandboxPool,
  path: string,
  workDir: string,
  redactedStrings: readonly string[],
  limits: { timeoutMs: number; maxMemoryMb: number },
): Promise<VerificationFailure[]> {
  const failures: VerificationFailure[] = [];
  const job: { -readonly [K in keyof RedactionScanJob]: RedactionScanJob[K] } = { pdfPath: path, redactedStrings };
  if (!findProgram('qpdf')) {
    failures.push({ check: 'stream-scan', detail: 'qpdf is not installed, so the streams could not all be expanded' });
    failures.push({ check: 'scrub', detail: 'qpdf is not installed, so the document structure could not be read' });
  } else {
    const expandedPath = join(workDir, 'expanded.pdf');
    const [expand, describe] = await Promise.all([
      runProgram('qpdf', ['--qdf', '--object-streams=disable', '--decode-level=all', '--stream-data=uncompress', '--decrypt', path, expandedPath], limits),
      runProgram('qpdf', ['--json=2', '--json-key=qpdf', '--decode-level=none', path], limits),
    ]);
    if (expand.code !== null && QPDF_OK_CODES.has(expand.code) && !expand.timedOut) job.expandedPath = expandedPath;
    else failures.push({ check: 'stream-scan', detail: `qpdf could not expand the output's streams (${describeExit(expand)})` });
    if (describe.code !== null && QPDF_OK_CODES.has(describe.code) && !describe.timedOut && !describe.outputLimitExceeded) {
      job.qpdfJsonPath = join(workDir, 'structure.json');
      await writeFile(job.qpdfJsonPath, describe.stdout);
    } else {
      failures.push({ check: 'scrub', detail: `qpdf could not describe the output's structure (${describeExit(describe)})` });
    }
  }

  let scan: RedactionScanOutput;
  try {
    scan = await pool.run<RedactionScanJob, RedactionScanOutput>(SCAN_WORKER, job, limits);
  } catch (error) {
    const reason = isSandboxFailure(error) ? error.reason : 'CRASHED';
    return [...failures, { check: 'stream-scan', detail: `the stream scan did not finish (${reason})` }];
  }

  for (const finding of scan.stringFindings) {
    const which = redactedStrings.length > 1 ? ` #${finding.stringIndex + 1}` : '';
    failures.push({ check: 'stream-scan', detail: `${finding.location} contains redacted string${which} (${finding.encoding})` });
  }
  for (const finding of scan.scrubFindings) failures.push({ check: 'scrub', detail: finding.detail });
  if (scan.revisions.eofMarkers !== 1) {
    failures.push({ check: 'scrub', detail: `the file has ${scan.revisions.eofMarkers} %%EOF markers; exactly one revision is allowed` });
  }
  if (scan.revisions.prevKeys > 0) {
    failures.push({ check: 'scrub', detail: 'a trailer or cross-reference stream has /Prev: incremental-update history survives' });
  }
  return failures;
}

function describeExit(result: { code: number | null; signal: string | null; timedOut: boolean }): string {
  if (result.timedOut) return 'timed out';
  return result.signal ?? `exit ${String(result.code)}`;
}

/** Last line of defence: a detail that somehow quotes a redacted word is replaced, never returned. */
function withoutRedactedText(failures: VerificationFailure[], redactedStrings: readonly string[]): VerificationFailure[] {
  const words = redactedWords(redactedStrings).map(({ word }) => wordsOf(word).join(' '));
  return failures.map((failure) => {
    // word by word, so a redacted "Act" does not withhold "…contains redacted string…"
    const detail = ` ${wordsOf(failure.detail).join(' ')} `;
    return words.some((word) => word.length > 0 && detail.includes(` ${word} `)) ? { ...failure, detail: `${failure.check} failed (detail withheld: it would quote redacted text)` } : failure;
  });
}

const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
