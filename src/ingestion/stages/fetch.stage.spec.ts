import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { LegacyCms } from '../../legacy/legacy-cms.port.js';
import { fetchDocumentVersion } from './fetch.stage.js';

function legacyServing(bytes: Buffer, declaredTotal = bytes.length): LegacyCms {
  const partial: Pick<LegacyCms, 'openDocumentContent'> = {
    openDocumentContent: () => Promise.resolve({ stream: Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), mimeType: 'application/pdf', fileName: 'a.pdf', totalBytes: declaredTotal, range: null }),
  };
  return partial as LegacyCms;
}

const ref = { caseId: '1', documentId: '2', versionId: '3' };
const caller = { username: 'u', correlationId: 'c' };

describe('fetchDocumentVersion', () => {
  it('streams the version to a file and reports its size and declared type', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fetch-stage-'));
    try {
      const fetched = await fetchDocumentVersion(legacyServing(Buffer.from('%PDF-1.7 hello')), caller, ref, join(dir, 'source'), 100);
      expect(fetched).toMatchObject({ sizeBytes: 14, declaredMimeType: 'application/pdf', fileName: 'a.pdf' });
      expect(await readFile(join(dir, 'source'), 'utf8')).toBe('%PDF-1.7 hello');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails TOO_LARGE before downloading when the declared size is over the cap, and mid-stream when the bytes are', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fetch-stage-'));
    try {
      await expect(fetchDocumentVersion(legacyServing(Buffer.alloc(50)), caller, ref, join(dir, 'a'), 10)).rejects.toMatchObject({ reason: 'TOO_LARGE' });
      // The legacy CMS understates the size: the cap still holds.
      await expect(fetchDocumentVersion(legacyServing(Buffer.alloc(50), 8), caller, ref, join(dir, 'b'), 10)).rejects.toMatchObject({ reason: 'TOO_LARGE' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
