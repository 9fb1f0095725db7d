import { expect } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { ProcessingFailure, type ProcessingFailureReason } from '../../src/conversion/processing-failure.js';

export async function scratchDirectory(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'conversion-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function writeInput(directory: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, bytes);
  return path;
}

/** Opens a converted PDF with pdf-lib, as a reader would. */
export async function openPdf(path: string): Promise<PDFDocument> {
  return PDFDocument.load(await readFile(path), { updateMetadata: false });
}

export async function failureOf(promise: Promise<unknown>): Promise<ProcessingFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProcessingFailure) return error;
    throw error;
  }
  throw new Error('expected a ProcessingFailure');
}

export async function failureReason(promise: Promise<unknown>): Promise<ProcessingFailureReason> {
  return (await failureOf(promise)).reason;
}

export async function expectPdfPages(path: string, pages: number): Promise<PDFDocument> {
  const document = await openPdf(path);
  expect(document.getPageCount()).toBe(pages);
  return document;
}
