import { expectedProgramPeakMb, expectedWorkerPeakMb, tesseractPeakMb } from './expected-peaks.js';

function pngHeader(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

describe('expected peaks of children', () => {
  it('sizes tesseract from the PNG it is given, larger pages reserving more', () => {
    const a4At200Dpi = expectedProgramPeakMb('/usr/bin/tesseract', { stdin: pngHeader(1654, 2339), maxMemoryMb: 4096 });
    const poster = expectedProgramPeakMb('/usr/bin/tesseract', { stdin: pngHeader(6000, 5000), maxMemoryMb: 4096 });
    expect(a4At200Dpi).toBe(tesseractPeakMb(1654 * 2339));
    expect(a4At200Dpi).toBeGreaterThan(80);
    expect(a4At200Dpi).toBeLessThan(150);
    expect(poster).toBeGreaterThan(350);
  });

  it('uses the measured table by program name, never more than the program may use', () => {
    expect(expectedProgramPeakMb('/usr/lib/libreoffice/program/soffice', { maxMemoryMb: 2048 })).toBe(512);
    expect(expectedProgramPeakMb('pdfinfo', { maxMemoryMb: 1024 })).toBe(32);
    expect(expectedProgramPeakMb('pdftotext', { maxMemoryMb: 64 })).toBe(64);
    expect(expectedProgramPeakMb('tesseract', { stdin: Buffer.from('not a png'), maxMemoryMb: 1024 })).toBe(400);
    expect(expectedProgramPeakMb('some-new-tool', { maxMemoryMb: 1024 })).toBe(128);
  });

  it('sizes sandboxed workers by module, from built JS or TypeScript alike', () => {
    expect(expectedWorkerPeakMb(new URL('file:///app/dist/conversion/workers/image-to-pdf.worker.js'), 1536)).toBe(512);
    expect(expectedWorkerPeakMb(new URL('file:///app/src/conversion/workers/zip-guard.worker.ts'), 768)).toBe(128);
    expect(expectedWorkerPeakMb(new URL('file:///app/dist/other.worker.js'), 100)).toBe(100);
  });
});
