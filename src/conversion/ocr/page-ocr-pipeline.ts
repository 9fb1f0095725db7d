import { isProcessingFailure, ProcessingFailure } from '../processing-failure.js';
import type { SandboxPool } from '../sandbox/index.js';
import type { PageText } from '../../common/word-model.js';
import type { Ocr, OcrPage } from './ocr.port.js';
import { renderPage } from './page-rasteriser.js';
import { chooseDpi, DEFAULT_RESOLUTION_POLICY, listPageImages, rasterSize, type PlacedImage, type ResolutionPolicy } from './page-resolution.js';
import { checkRaster, RasterFailure } from './raster-check.js';

export interface PageOcrPipelineOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  /** Megapixels of one rendered page at most (OCR_MAX_MEGAPIXELS). */
  readonly maxMegapixels: number;
  /** For the pdf.js renderer when poppler is absent. */
  readonly pool?: SandboxPool;
  readonly policy?: Partial<Omit<ResolutionPolicy, 'maxPixels'>>;
}

/** A page whose first raster was bad is rendered once more at this fraction of the resolution. */
const RETRY_SCALE = 0.5;

/**
 * OCR of one page with no text layer: choose the resolution from the page's own images (capped by the
 * pixel budget) → render → check the raster → recognise. Never silent: the page comes back with an
 * `ocr` status of `text`, `no-text` (the raster was the page and holds no words) or `failed` (with the
 * reason and why). A bad raster is retried once at half the resolution before the page fails.
 */
export class PageOcrPipeline {
  private readonly policy: ResolutionPolicy;

  constructor(
    private readonly ocr: Ocr,
    private readonly options: PageOcrPipelineOptions,
  ) {
    this.policy = { ...DEFAULT_RESOLUTION_POLICY, ...options.policy, maxPixels: options.maxMegapixels * 1_000_000 };
  }

  /**
   * The images drawn on each of `pageIndexes`, from one `pdfimages -list` for the whole document: list
   * once, then give each page's images to `recognise`. A page with no entry has no image.
   */
  pageImages(pdfPath: string, pageIndexes: readonly number[]): Promise<ReadonlyMap<number, readonly PlacedImage[]>> {
    return listPageImages(pdfPath, pageIndexes, { timeoutMs: this.options.timeoutMs, maxMemoryMb: this.options.maxMemoryMb });
  }

  /** `images`: the page's images from `pageImages`; when left out, this one page's images are listed here. */
  async recognise(pdfPath: string, page: OcrPage, images?: readonly PlacedImage[]): Promise<PageText> {
    const placed = images ?? (await this.pageImages(pdfPath, [page.pageIndex])).get(page.pageIndex) ?? [];
    let dpi = chooseDpi(placed, page, this.policy);
    try {
      try {
        return await this.read(pdfPath, page, dpi);
      } catch (error) {
        if (!(error instanceof RasterFailure || (isProcessingFailure(error) && error.reason === 'OUT_OF_MEMORY'))) throw error;
        dpi *= RETRY_SCALE;
        return await this.read(pdfPath, page, dpi);
      }
    } catch (error) {
      if (!isProcessingFailure(error)) throw error;
      return failedPage(page, error, Math.round(dpi));
    }
  }

  private async read(pdfPath: string, page: OcrPage, dpi: number): Promise<PageText> {
    const rendered = await renderPage(pdfPath, page.pageIndex, dpi, { ...this.options, format: this.ocr.readsPgm ? 'pgm' : 'png' });
    checkRaster(rendered, rasterSize(page, dpi));
    const text = await this.ocr.recognise(rendered.image, page);
    const hasWords = text.lines.some((line) => line.words.length > 0);
    return { ...text, ocr: { status: hasWords ? 'text' : 'no-text', dpi: Math.round(dpi) } };
  }
}

/** The page as the text layer left it (no words), saying why OCR gave nothing. */
export function failedPage(page: OcrPage, failure: ProcessingFailure, dpi?: number): PageText {
  return {
    pageIndex: page.pageIndex,
    width: page.width,
    height: page.height,
    rotation: 0,
    source: 'ocr',
    lines: [],
    ocr: { status: 'failed', reason: failure.reason, detail: failure.message, ...(dpi === undefined ? {} : { dpi }) },
  };
}
