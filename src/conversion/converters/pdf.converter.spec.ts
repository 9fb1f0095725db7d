import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linearizedPageCount } from './pdf.converter.js';

describe('linearizedPageCount', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'linearized-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads /N from the linearization dictionary qpdf writes first', async () => {
    const file = path.join(dir, 'linearized.pdf');
    await writeFile(file, '%PDF-1.7\n%\xbf\xf7\xa2\xfe\n1 0 obj\n<< /Linearized 1 /L 912345 /H [ 1512 309 ] /N 37 /O 12 /E 49233 /T 911010 >>\nendobj\n', 'latin1');
    expect(await linearizedPageCount(file)).toBe(37);
  });

  it('is undefined for a PDF that is not linearized', async () => {
    const file = path.join(dir, 'plain.pdf');
    await writeFile(file, '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /N 5 >>\nendobj\n', 'latin1');
    expect(await linearizedPageCount(file)).toBeUndefined();
  });
});
