import { Readable } from 'node:stream';
import { it, expect } from '@jest/globals';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '../helpers/azurite.js';

it('scratch', async () => {
  const az = await startAzurite();
  const svc = BlobServiceClient.fromConnectionString(az.connectionString);
  const c = svc.getContainerClient('scratch');
  await c.createIfNotExists();
  const b = c.getBlockBlobClient('a/b');
  await b.uploadStream(Readable.from([Buffer.from('%PDF-1.7 body')]), 1024*1024, 2, { blobHTTPHeaders: { blobContentType: 'application/pdf' }, metadata: { file_name: encodeURIComponent('Statement – Müller.pdf'), source: 'legacy' } });
  const p = await b.getProperties();
  console.log('props', p.contentType, p.metadata, p.contentLength);
  const d = await b.download();
  console.log('dl', d.contentType, d.metadata, d.contentLength, d.contentRange);
  try { const r = await b.download(1000, 2); console.log('range past end', r._response.status, r.contentLength, r.contentRange); } catch (e) { console.log('err', (e as any).statusCode); }
  try { const r = await b.download(13, 2); console.log('range at end', r._response.status, r.contentLength, r.contentRange); } catch (e) { console.log('err', (e as any).statusCode); }
  await az.stop();
  expect(1).toBe(1);
});
