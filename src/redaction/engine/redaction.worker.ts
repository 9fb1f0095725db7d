import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { EncryptedPDFError, PDFDocument, PDFName, PDFNumber, concatTransformationMatrix, degrees, drawObject, popGraphicsState, pushGraphicsState, type PDFPage } from 'pdf-lib';
import { ProcessingFailure } from '../../conversion/processing-failure.js';
import type { Box, Word } from '../../common/word-model.js';
import type { PageModification } from '../redaction.types.js';
import { TextLayerFonts, addInvisibleText } from './invisible-text-layer.js';
import { scrubDocument, scrubPageDict } from './output-scrubber.js';
import { openForRendering, renderRedactedPage, type ImageEncoding, type PageImage, type RenderedPage } from './redacted-page-image.js';

/** Resource names the engine writes are two characters: no redacted word (three or more) can match them. */
const PAGE_IMAGE_NAME = PDFName.of('I0');

export interface PageToRebuild {
  readonly pageIndex: number;
  /** Displayed-page points, top-left origin. */
  readonly boxes: readonly Box[];
  /** The page's words that touch no box, given back as invisible text. */
  readonly keptWords: readonly Word[];
  /** The source page's /Rotate: which way its vertical words read. */
  readonly rotation: number;
}

export interface RedactionJob {
  readonly inputPath: string;
  readonly outputPath: string;
  /** The page count of the word model the plan was made from; a different PDF is refused. */
  readonly expectedPageCount: number;
  /** Pages rebuilt as images. Empty: every page is copied (used after a vector engine). */
  readonly pagesToRebuild: readonly PageToRebuild[];
  readonly pageModifications: readonly PageModification[];
  readonly dpi: number;
  readonly encoding: ImageEncoding;
  readonly jpegQuality: number;
  readonly fallbackFontPath?: string;
}

export interface RedactionJobResult {
  readonly pageCount: number;
  /** Input page indexes that were rebuilt as images (deleted pages excluded). */
  readonly rebuiltPages: number[];
}

/**
 * Sandbox entry point: builds the redacted document as a new PDF. Rebuilt pages are an image with the
 * boxes burned in plus an invisible text layer; the other pages are copied after their carriers are
 * dropped; deletions and rotations are applied; then the whole output is scrubbed and saved whole.
 */
export default async function redactDocument(job: RedactionJob): Promise<RedactionJobResult> {
  const bytes = await readFile(job.inputPath);
  const source = await loadSource(bytes);
  const pageCount = source.getPageCount();
  if (pageCount !== job.expectedPageCount) throw new ProcessingFailure('EXTRACTION_FAILED', 'the word model does not match the PDF (page count differs)');
  const deleted = new Set<number>();
  const rotation = new Map<number, number>();
  for (const modification of job.pageModifications) {
    if (modification.pageIndex < 0 || modification.pageIndex >= pageCount) {
      throw new ProcessingFailure('EXTRACTION_FAILED', `page ${modification.pageIndex} does not exist`);
    }
    if (modification.action === 'delete') deleted.add(modification.pageIndex);
    else rotation.set(modification.pageIndex, ((rotation.get(modification.pageIndex) ?? 0) + (modification.rotateBy ?? 0)) % 360);
  }
  const rebuild = new Map(job.pagesToRebuild.filter((page) => !deleted.has(page.pageIndex)).map((page) => [page.pageIndex, page]));

  const output = await PDFDocument.create({ updateMetadata: false });
  const copyIndexes: number[] = [];
  for (let index = 0; index < pageCount; index++) {
    if (deleted.has(index) || rebuild.has(index)) continue;
    scrubPageDict(source.getPage(index).node);
    copyIndexes.push(index);
  }
  const copied = new Map<number, PDFPage>();
  (await output.copyPages(source, copyIndexes)).forEach((page, position) => copied.set(copyIndexes[position], page));

  const rendered = new Map<number, RenderedPage>();
  if (rebuild.size > 0) {
    const { document, pdfjs } = await openForRendering(new Uint8Array(bytes));
    try {
      if (document.numPages !== pageCount) throw new ProcessingFailure('CORRUPT', 'the PDF page tree is inconsistent');
      // one page encodes on the thread pool while the next renders; no more, to bound memory
      let previous: Promise<PageImage> | undefined;
      for (const page of rebuild.values()) {
        const current = await renderRedactedPage(pdfjs, document, page.pageIndex, page.boxes, job);
        current.image.catch(() => undefined); // handled below; not an unhandled rejection meanwhile
        rendered.set(page.pageIndex, current);
        if (previous) await previous;
        previous = current.image;
      }
      if (previous) await previous;
    } finally {
      await document.destroy();
    }
  }

  const fonts = new TextLayerFonts(output, job.fallbackFontPath);
  for (let index = 0; index < pageCount; index++) {
    if (deleted.has(index)) continue;
    const page = rendered.get(index);
    const rebuilt = rebuild.get(index);
    const target = page && rebuilt ? await addImagePage(output, page, rebuilt, fonts) : copied.get(index);
    if (!target) throw new ProcessingFailure('EXTRACTION_FAILED', `page ${index} was not copied`);
    if (!page) output.addPage(target);
    const turn = rotation.get(index);
    if (turn) target.setRotation(degrees((((target.getRotation().angle + turn) % 360) + 360) % 360));
  }
  if (output.getPageCount() === 0) throw new ProcessingFailure('EXTRACTION_FAILED', 'every page would be deleted');

  await scrubDocument(output);
  const saved = await output.save({ useObjectStreams: false, addDefaultPage: false, objectsPerTick: Number.POSITIVE_INFINITY });
  const temporary = `${job.outputPath}.partial`;
  try {
    await writeFile(temporary, saved, { mode: 0o600 });
    await rename(temporary, job.outputPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { pageCount: output.getPageCount(), rebuiltPages: [...rendered.keys()].sort((a, b) => a - b) };
}

async function loadSource(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    // no yielding between batches of objects: the sandbox bounds the time
    return await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Number.POSITIVE_INFINITY });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new ProcessingFailure('ENCRYPTED', 'the PDF is encrypted');
    throw new ProcessingFailure('CORRUPT', 'the PDF could not be parsed');
  }
}

async function addImagePage(output: PDFDocument, rendered: RenderedPage, rebuilt: PageToRebuild, fonts: TextLayerFonts): Promise<PDFPage> {
  const page = output.addPage([rendered.width, rendered.height]);
  const image = await rendered.image;
  // a fixed two-letter name: pdf-lib's own ("Redacted-<random digits>") can spell a redacted word or number
  const name = PAGE_IMAGE_NAME;
  page.node.setXObject(name, output.context.register(imageStream(output, image)));
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(rendered.width, 0, 0, rendered.height, 0, 0), drawObject(name), popGraphicsState());
  await addInvisibleText(page, rebuilt.keptWords, rendered.height, fonts, rebuilt.rotation);
  return page;
}

function imageStream(output: PDFDocument, image: PageImage) {
  const colourSpace = image.kind === 'gray-flate' ? 'DeviceGray' : 'DeviceRGB';
  return output.context.stream(image.bytes, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: PDFNumber.of(image.widthPx),
    Height: PDFNumber.of(image.heightPx),
    ColorSpace: PDFName.of(colourSpace),
    BitsPerComponent: image.bitsPerComponent,
    Filter: image.kind === 'jpeg' ? 'DCTDecode' : 'FlateDecode',
  });
}
