/**
 * The verifier against real qpdf and poppler: every adversarial fixture, unredacted, must fail with
 * the checks that can see its hiding place; a document with nothing to hide passes; no failure
 * detail ever quotes the secret.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxPool } from '../../../src/conversion/sandbox/index.js';
import type { VerificationReport } from '../../../src/redaction/redaction.types.js';
import { verifyRedaction } from '../../../src/redaction/verification/redaction-verifier.js';
import { adversarialFixtures, cleanStatementPdf, HIDING_PLACES, SECRET, type Fixture } from '../fixtures/adversarial-fixtures.js';

let workDir: string;
let pool: SandboxPool;
let fixtures: Fixture[];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'verifier-spec-'));
  pool = new SandboxPool({ concurrency: 2 });
  fixtures = await adversarialFixtures();
});

afterAll(async () => {
  await pool.close();
  await rm(workDir, { recursive: true, force: true });
});

async function verifyBytes(name: string, bytes: Uint8Array, request: Parameters<typeof verifyRedaction>[1]): Promise<VerificationReport> {
  const path = join(workDir, `${name}.pdf`);
  await writeFile(path, bytes);
  return verifyRedaction(path, request, { pool });
}

const checksOf = (report: VerificationReport): Set<string> => new Set(report.failures.map((failure) => failure.check));

describe('adversarial fixtures', () => {
  it('are deterministic and cover every hiding place in the issue', async () => {
    const again = await adversarialFixtures();
    expect(again.map((fixture) => Buffer.from(fixture.pdfBytes).toString('base64'))).toEqual(fixtures.map((fixture) => Buffer.from(fixture.pdfBytes).toString('base64')));
    expect(fixtures.map((fixture) => fixture.name)).toEqual(
      expect.arrayContaining([...HIDING_PLACES]),
    );
    for (const fixture of fixtures) {
      expect(fixture.secret).toBe(SECRET);
      expect(fixture.boxes.length).toBeGreaterThan(0);
      expect(fixture.redactedStrings).toContain(SECRET);
    }
  });
});

describe('verifyRedaction on unredacted fixtures', () => {
  it.each(HIDING_PLACES)('%s fails with the checks that see its hiding place, without quoting the secret', async (name) => {
    const fixture = fixtures.find((candidate) => candidate.name === name)!;
    const report = await verifyBytes(fixture.name, fixture.pdfBytes, { boxes: fixture.boxes, redactedStrings: fixture.redactedStrings });
    expect(report.ok).toBe(false);
    const checks = checksOf(report);
    for (const check of fixture.hiddenBy) expect(checks).toContain(check);
    for (const failure of report.failures) {
      expect(failure.detail.toLowerCase()).not.toContain(SECRET.toLowerCase());
      for (const covered of fixture.redactedStrings) expect(failure.detail.toLowerCase()).not.toContain(covered.toLowerCase());
    }
  });

  it('names the stream, the object and the encoding a secret hides in', async () => {
    const byName = (name: string): Fixture => fixtures.find((candidate) => candidate.name === name)!;
    const details = async (name: string): Promise<string[]> => {
      const fixture = byName(name);
      const report = await verifyBytes(`${name}-details`, fixture.pdfBytes, { boxes: fixture.boxes, redactedStrings: fixture.redactedStrings });
      return report.failures.map((failure) => `${failure.check}: ${failure.detail}`);
    };
    expect(await details('utf16-string')).toEqual(expect.arrayContaining([expect.stringMatching(/^stream-scan: stream \d+ 0 R contains redacted string \(UTF-16BE\)$/)]));
    expect(await details('hex-string')).toEqual(expect.arrayContaining([expect.stringMatching(/^stream-scan: stream \d+ 0 R contains redacted string \(hex/)]));
    expect(await details('tj-split')).toEqual(expect.arrayContaining([expect.stringMatching(/^stream-scan: stream \d+ 0 R contains redacted string \(TJ-split, plain\)$/)]));
    expect(await details('embedded-file')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^stream-scan: stream \d+ 0 R contains redacted string \(UTF-16LE\)$/), expect.stringMatching(/^scrub: \/EmbeddedFiles/)]),
    );
    const metadata = await details('metadata');
    expect(metadata).toEqual(
      expect.arrayContaining([
        'scrub: the Info dictionary has /Title',
        'scrub: the Info dictionary has /Author',
        expect.stringMatching(/^scrub: \/Metadata \(XMP metadata\) in object 1 0 R$/),
        expect.stringMatching(/^stream-scan: object \d+ 0 R contains redacted string \(hex string, UTF-16BE\)$/),
      ]),
    );
    expect(metadata).not.toContain('scrub: the Info dictionary has /Producer');
    const incremental = await details('incremental-update');
    expect(incremental).toEqual(
      expect.arrayContaining([
        'scrub: the file has 2 %%EOF markers; exactly one revision is allowed',
        'scrub: the trailer has /Prev: the file has more than one revision',
        expect.stringMatching(/^stream-scan: stream \d+ 0 R contains redacted string/),
      ]),
    );
    // the old revision's stream is invisible to qpdf: only the raw-byte scan can see it
    expect(incremental.filter((detail) => detail.startsWith('stream-scan') && detail.includes('expanded by qpdf'))).toEqual([]);
    expect(await details('form-field')).toEqual(expect.arrayContaining([expect.stringMatching(/^scrub: \/AcroForm/), expect.stringMatching(/^scrub: \/Annots/)]));
  });

  it('numbers the redacted strings instead of quoting them when there are several', async () => {
    const fixture = fixtures.find((candidate) => candidate.name === 'outside-cropbox')!;
    const report = await verifyBytes('numbered', fixture.pdfBytes, { boxes: fixture.boxes, redactedStrings: ['Confidential', SECRET] });
    const details = report.failures.filter((failure) => failure.check === 'stream-scan').map((failure) => failure.detail);
    expect(details).toEqual(expect.arrayContaining([expect.stringContaining('redacted string #1'), expect.stringContaining('redacted string #2')]));
    const textFailure = report.failures.find((failure) => failure.check === 'extracted-text');
    expect(textFailure).toMatchObject({ pageIndex: 0, detail: 'page 1: 1 extracted word(s) intersect redaction box #0' });
  });
});

describe('verifyRedaction on clean documents', () => {
  it('passes a statement with nothing to hide', async () => {
    const report = await verifyBytes('clean', cleanStatementPdf(), {
      boxes: [{ pageIndex: 0, box: { x: 300, y: 300, width: 100, height: 40 } }],
      redactedStrings: [SECRET],
    });
    expect(report).toEqual({ ok: true, failures: [] });
  });

  it('ignores words shorter than three characters in the stream scan, but not under a box', async () => {
    // "12" is on the page: the scan skips it, the extracted-text check still sees it under a box
    const scanOnly = await verifyBytes('short-scan', cleanStatementPdf(), { boxes: [], redactedStrings: ['12', 'at'] });
    expect(scanOnly.ok).toBe(true);
    const underBox = await verifyBytes('short-box', cleanStatementPdf(), {
      boxes: [{ pageIndex: 0, box: { x: 120, y: 180, width: 20, height: 14 } }],
      redactedStrings: ['12'],
    });
    expect(underBox.ok).toBe(false);
    expect(checksOf(underBox)).toEqual(new Set(['extracted-text']));
  });

  it('counts a word that only touches a box edge (within 0.5 pt) as outside it', async () => {
    // "Name:" spans x 72–113.23 on the page
    const touching = await verifyBytes('touching', cleanStatementPdf(), { boxes: [{ pageIndex: 0, box: { x: 112.9, y: 130, width: 20, height: 30 } }], redactedStrings: [] });
    expect(touching.ok).toBe(true);
    const overlapping = await verifyBytes('overlapping', cleanStatementPdf(), { boxes: [{ pageIndex: 0, box: { x: 112, y: 130, width: 20, height: 30 } }], redactedStrings: [] });
    expect(overlapping.ok).toBe(false);
  });

  it('fails a box on a page the output does not have', async () => {
    const report = await verifyBytes('missing-page', cleanStatementPdf(), { boxes: [{ pageIndex: 3, box: { x: 1, y: 1, width: 5, height: 5 } }], redactedStrings: [] });
    expect(report.failures).toEqual([{ check: 'extracted-text', pageIndex: 3, detail: 'redaction box #0 names page 4, which the output does not have' }]);
  });

  it('fails closed on a file that is not a PDF', async () => {
    const report = await verifyBytes('not-a-pdf', new TextEncoder().encode('just some text, not a PDF'), { boxes: [], redactedStrings: [SECRET] });
    expect(report.ok).toBe(false);
    expect(checksOf(report)).toEqual(new Set(['extracted-text', 'stream-scan', 'scrub']));
  });
});
