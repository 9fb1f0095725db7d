import { expectedProgramPeakMb, expectedWorkerPeakMb, tesseractPeakMb } from './expected-peaks.js';

describe('expected peaks of children', () => {
  it('sizes tesseract by the pixels of its page image, larger pages reserving more', () => {
    const a4At200Dpi = tesseractPeakMb(1654 * 2339);
    expect(a4At200Dpi).toBeGreaterThan(80);
    expect(a4At200Dpi).toBeLessThan(150);
    expect(tesseractPeakMb(6000 * 5000)).toBeGreaterThan(350);
  });

  it('uses the measured table by program name, never more than the program may use', () => {
    expect(expectedProgramPeakMb('/usr/lib/libreoffice/program/soffice', { maxMemoryMb: 2048 })).toBe(512);
    expect(expectedProgramPeakMb('pdfinfo', { maxMemoryMb: 1024 })).toBe(32);
    expect(expectedProgramPeakMb('pdftotext', { maxMemoryMb: 64 })).toBe(64);
    expect(expectedProgramPeakMb('/usr/bin/tesseract', { maxMemoryMb: 1024 })).toBe(400);
    expect(expectedProgramPeakMb('some-new-tool', { maxMemoryMb: 1024 })).toBe(128);
  });

  it('sizes sandboxed workers by module, from built JS or TypeScript alike', () => {
    expect(expectedWorkerPeakMb(new URL('file:///app/dist/conversion/workers/image-to-pdf.worker.js'), 1536)).toBe(512);
    expect(expectedWorkerPeakMb(new URL('file:///app/src/conversion/workers/zip-guard.worker.ts'), 768)).toBe(128);
    expect(expectedWorkerPeakMb(new URL('file:///app/dist/other.worker.js'), 100)).toBe(100);
  });
});
