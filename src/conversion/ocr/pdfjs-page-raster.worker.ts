import { readFile } from 'node:fs/promises';
import { loadPdfjs } from '../pdfjs/load-pdfjs.js';

export interface RasteriseJob {
  readonly pdfPath: string;
  readonly pageIndex: number;
  readonly dpi: number;
}

/** Sandbox entry point: one page of one PDF rendered by pdf.js onto an @napi-rs/canvas, as PNG. */
export default async function rasterisePage(job: RasteriseJob): Promise<Uint8Array> {
  const pdfjs = await loadPdfjs();
  const { createCanvas } = await import('@napi-rs/canvas');
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(job.pdfPath)), isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const page = await document.getPage(job.pageIndex + 1);
    const viewport = page.getViewport({ scale: job.dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    return new Uint8Array(canvas.toBuffer('image/png'));
  } finally {
    await document.destroy();
  }
}
