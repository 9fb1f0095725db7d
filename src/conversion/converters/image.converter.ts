import type { ImageToPdfInput, ImageToPdfOutput } from '../workers/image-to-pdf.worker.js';
import type { ConversionJob, ConversionResult, Converter, ConverterContext } from './converter.js';
import { rethrowForDocument } from './sandbox-errors.js';

/** JPEG, PNG, GIF (first frame), BMP, WebP, AVIF, TIFF (every page) → PDF in a sandbox worker, with the decompression-bomb guard. */
export class ImageConverter implements Converter {
  constructor(private readonly imageType: ImageToPdfInput['imageType']) {}

  async convert(job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const { options } = context;
    try {
      const output = await context.pool.run<ImageToPdfInput, ImageToPdfOutput>(
        new URL('../workers/image-to-pdf.worker.js', import.meta.url),
        {
          inputPath: job.inputPath,
          outputPath: job.pdfPath,
          imageType: this.imageType,
          maxPixels: options.maxImagePixels,
          maxTotalPixels: options.maxTotalImagePixels,
          maxPages: options.maxPages,
        },
        options.imageLimits,
      );
      return { pdfPath: job.pdfPath, pageCount: output.pageCount, children: [], converter: 'image' };
    } catch (error) {
      rethrowForDocument(error, 'the image decoder');
    }
  }
}
