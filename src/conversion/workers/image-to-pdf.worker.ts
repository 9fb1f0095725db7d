/**
 * Sandbox worker: JPEG, PNG, GIF (first frame), BMP, WebP, AVIF or TIFF (every page) → one PDF page per
 * image, sized to the image at its resolution (fitted to A4 when it has none). Dimensions are read from
 * headers and checked against the pixel budget before any pixel is decoded.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { PDFDocument, type PDFPage, type PDFRef, popGraphicsState, pushGraphicsState, concatTransformationMatrix, drawObject } from 'pdf-lib';
import UTIF from 'utif2';
import type { IFD } from 'utif2';
import { ProcessingFailure } from '../processing-failure.js';
import { avifHeader, bmpHeader, webpHeader } from '../render/bmp-webp-avif-header.js';
import { hasCompleteFirstGifFrame, isCompleteBmp, isCompleteWebp } from '../render/image-completeness.js';
import { gifHeader, hasJpegScan, isCompletePng, jpegHeader, pngHeader, type ImageHeader } from '../render/image-header.js';
import { imagePageSize } from './image-page-size.js';

export interface ImageToPdfInput {
  readonly inputPath: string;
  readonly outputPath: string;
  readonly imageType: 'png' | 'jpeg' | 'gif' | 'tiff' | 'bmp' | 'webp' | 'avif';
  /** Largest image (width × height) decoded. */
  readonly maxPixels: number;
  /** Largest sum over the pages of a multi-page TIFF. */
  readonly maxTotalPixels: number;
  readonly maxPages: number;
}

export interface ImageToPdfOutput {
  readonly pageCount: number;
}

export default async function imageToPdf(input: ImageToPdfInput): Promise<ImageToPdfOutput> {
  const bytes = new Uint8Array(await readFile(input.inputPath));
  const document = await PDFDocument.create();
  document.setProducer('casework-facade');
  switch (input.imageType) {
    case 'png': {
      const header = checkedHeader(pngHeader(bytes), input);
      if (!isCompletePng(bytes)) throw new ProcessingFailure('CORRUPT', 'the PNG is truncated or damaged');
      await addSkiaPage(document, bytes, header, 'PNG');
      break;
    }
    case 'jpeg': {
      const header = checkedHeader(jpegHeader(bytes), input);
      if (!hasJpegScan(bytes)) throw new ProcessingFailure('CORRUPT', 'the JPEG has no image data');
      const image = await embedOrCorrupt(() => document.embedJpg(bytes));
      drawFullPage(document, header, (page, width, height) => page.drawImage(image, { x: 0, y: 0, width, height }));
      break;
    }
    case 'gif': {
      // an animation's first frame
      const header = checkedHeader(gifHeader(bytes), input);
      if (!hasCompleteFirstGifFrame(bytes)) throw new ProcessingFailure('CORRUPT', 'the GIF is truncated or damaged');
      await addSkiaPage(document, bytes, header, 'GIF');
      break;
    }
    case 'bmp': {
      const header = checkedHeader(bmpHeader(bytes), input);
      if (!isCompleteBmp(bytes)) throw new ProcessingFailure('CORRUPT', 'the BMP is truncated or damaged');
      await addSkiaPage(document, bytes, header, 'BMP');
      break;
    }
    case 'webp': {
      const header = checkedHeader(webpHeader(bytes), input);
      if (!isCompleteWebp(bytes)) throw new ProcessingFailure('CORRUPT', 'the WebP is truncated or damaged');
      await addSkiaPage(document, bytes, header, 'WebP');
      break;
    }
    case 'avif':
      await addSkiaPage(document, bytes, checkedHeader(avifHeader(bytes), input), 'AVIF');
      break;
    case 'tiff':
      addTiffPages(document, bytes, input);
      break;
  }
  if (document.getPageCount() === 0) throw new ProcessingFailure('CORRUPT', 'no image found');
  await writeFile(input.outputPath, await document.save());
  return { pageCount: document.getPageCount() };
}

function checkedHeader(header: ImageHeader | undefined, input: ImageToPdfInput): ImageHeader {
  if (!header || header.width < 1 || header.height < 1) throw new ProcessingFailure('CORRUPT', 'unreadable image header');
  if (header.width * header.height > input.maxPixels) {
    throw new ProcessingFailure('TOO_LARGE', `image of ${header.width}×${header.height} pixels exceeds the budget of ${input.maxPixels}`);
  }
  return header;
}

async function embedOrCorrupt<T>(embed: () => Promise<T>): Promise<T> {
  try {
    return await embed();
  } catch (error) {
    throw new ProcessingFailure('CORRUPT', `image could not be decoded: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
}

function drawFullPage(document: PDFDocument, header: ImageHeader, draw: (page: PDFPage, width: number, height: number) => void): void {
  const { width, height } = imagePageSize(header);
  const page = document.addPage([width, height]);
  draw(page, width, height);
}

/** Embeds 8-bit RGBA pixels as a Flate image (DeviceGray when every pixel is grey), alpha composited on white. */
function addRawPage(document: PDFDocument, header: ImageHeader, rgba: Uint8Array): void {
  const pixels = header.width * header.height;
  if (rgba.length < pixels * 4) throw new ProcessingFailure('CORRUPT', 'image data is shorter than its dimensions');
  let grey = true;
  for (let index = 0; index < pixels * 4 && grey; index += 4) grey = rgba[index] === rgba[index + 1] && rgba[index] === rgba[index + 2];
  const channels = grey ? 1 : 3;
  const samples = new Uint8Array(pixels * channels);
  for (let pixel = 0; pixel < pixels; pixel += 1) {
    const alpha = rgba[pixel * 4 + 3];
    for (let channel = 0; channel < channels; channel += 1) {
      const value = rgba[pixel * 4 + channel];
      samples[pixel * channels + channel] = alpha === 255 ? value : Math.round((value * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  const stream = document.context.stream(deflateSync(samples), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: header.width,
    Height: header.height,
    ColorSpace: grey ? 'DeviceGray' : 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
  });
  const imageRef: PDFRef = document.context.register(stream);
  drawFullPage(document, header, (page, width, height) => {
    const name = page.node.newXObject('Im', imageRef);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
  });
}

function addTiffPages(document: PDFDocument, bytes: Uint8Array, input: ImageToPdfInput): void {
  let directories: IFD[];
  try {
    directories = UTIF.decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new ProcessingFailure('CORRUPT', `TIFF could not be read: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  const images = directories.filter((directory) => tagNumber(directory, 't256') !== undefined && tagNumber(directory, 't257') !== undefined);
  if (images.length > input.maxPages) throw new ProcessingFailure('TOO_LARGE', `TIFF has more than ${input.maxPages} pages`);
  const headers = images.map((directory) => tiffHeader(directory));
  for (const header of headers) checkedHeader(header, input);
  const total = headers.reduce((sum, header) => sum + header.width * header.height, 0);
  if (total > input.maxTotalPixels) throw new ProcessingFailure('TOO_LARGE', `TIFF pages total ${total} pixels, over the budget of ${input.maxTotalPixels}`);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  images.forEach((directory, index) => {
    let rgba: Uint8Array;
    try {
      UTIF.decodeImage(buffer, directory);
      rgba = UTIF.toRGBA8(directory);
    } catch (error) {
      throw new ProcessingFailure('CORRUPT', `TIFF page ${index + 1} could not be decoded: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
    }
    addRawPage(document, headers[index], rgba);
    directory.data = new Uint8Array(0); // let the decoded strips go before the next page
  });
}

function tiffHeader(directory: IFD): ImageHeader {
  const width = tagNumber(directory, 't256')!;
  const height = tagNumber(directory, 't257')!;
  const unit = tagNumber(directory, 't296') ?? 2;
  const perUnit = (tag: string) => {
    const value = rationalTag(directory, tag);
    if (value === undefined || unit === 1) return undefined;
    return unit === 3 ? value * 2.54 : value;
  };
  return { width, height, dpiX: perUnit('t282'), dpiY: perUnit('t283') };
}

function tagNumber(directory: IFD, tag: string): number | undefined {
  const value = directory[tag];
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return typeof first === 'number' && Number.isFinite(first) ? first : undefined;
}

function rationalTag(directory: IFD, tag: string): number | undefined {
  const value = directory[tag];
  if (!Array.isArray(value)) return undefined;
  const first: unknown = value[0];
  if (typeof first === 'number') return first;
  if (Array.isArray(first) && typeof first[0] === 'number' && typeof first[1] === 'number' && first[1] !== 0) return first[0] / first[1];
  return undefined;
}

/**
 * Skia (via @napi-rs/canvas) decodes PNG, GIF (first frame), BMP, WebP and AVIF; the image is flattened
 * onto white. The page takes the decoded size (a rotated AVIF swaps its header's), within the checked budget.
 */
async function addSkiaPage(document: PDFDocument, bytes: Uint8Array, header: ImageHeader, format: string): Promise<void> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  let rgba: Uint8Array;
  let decoded: ImageHeader;
  try {
    const image = await loadImage(Buffer.from(bytes));
    decoded = { ...header, width: image.width, height: image.height };
    if (decoded.width < 1 || decoded.height < 1 || decoded.width * decoded.height > header.width * header.height) {
      throw new Error(`decoded ${decoded.width}×${decoded.height}, header says ${header.width}×${header.height}`);
    }
    const canvas = createCanvas(decoded.width, decoded.height);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, decoded.width, decoded.height);
    context.drawImage(image, 0, 0);
    rgba = new Uint8Array(context.getImageData(0, 0, decoded.width, decoded.height).data.buffer);
  } catch (error) {
    throw new ProcessingFailure('CORRUPT', `${format} could not be decoded: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  addRawPage(document, decoded, rgba);
}
