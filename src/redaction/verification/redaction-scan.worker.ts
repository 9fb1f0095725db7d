/**
 * Sandbox entry point (see SandboxPool): scans the redacted output's raw bytes, its qpdf-expanded copy
 * and qpdf's JSON description of it. Parsing hostile bytes and inflating streams happens here, in a
 * child process with time and memory limits, never in the service.
 */
import { readFile } from 'node:fs/promises';
import { scanPdfBytes, type RevisionFacts, type StringFinding } from './pdf-byte-scan.js';
import { needlesFor, redactedWords } from './redacted-needles.js';
import { scrubFindings, type ScrubFinding } from './scrub-list.js';

export interface RedactionScanJob {
  readonly pdfPath: string;
  /** qpdf --qdf --decode-level=all copy; absent when qpdf could not read the output. */
  readonly expandedPath?: string;
  /** qpdf --json=2 output; absent when qpdf could not read the output. */
  readonly qpdfJsonPath?: string;
  readonly redactedStrings: readonly string[];
}

export interface RedactionScanOutput {
  readonly stringFindings: StringFinding[];
  readonly scrubFindings: ScrubFinding[];
  readonly revisions: RevisionFacts;
  readonly streamCount: number;
}

export default async function scanRedactedPdf(job: RedactionScanJob): Promise<RedactionScanOutput> {
  const needles = needlesFor(redactedWords(job.redactedStrings));
  const raw = scanPdfBytes(await readFile(job.pdfPath), needles);
  const expanded = job.expandedPath
    ? scanPdfBytes(await readFile(job.expandedPath), needles, { locationSuffix: ' (expanded by qpdf)', qpdfComments: true })
    : undefined;
  let scrub: ScrubFinding[] = [];
  if (job.qpdfJsonPath) {
    try {
      scrub = scrubFindings(await readFile(job.qpdfJsonPath, 'utf8'));
    } catch {
      scrub = [{ detail: 'qpdf’s description of the output could not be read' }];
    }
  }
  return {
    stringFindings: [...raw.findings, ...(expanded?.findings ?? [])],
    scrubFindings: scrub,
    revisions: raw.revisions,
    streamCount: raw.streamCount,
  };
}
