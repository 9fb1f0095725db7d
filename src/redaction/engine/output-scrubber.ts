import { PDFArray, PDFDict, PDFName, PDFNull, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';

/** Page entries that carry content besides what the page shows, or point at things that do. */
export const PAGE_CARRIER_KEYS = ['Annots', 'Thumb', 'PieceInfo', 'Metadata', 'AA', 'AF', 'B', 'StructParents', 'ID', 'PZ', 'SeparationInfo'] as const;

/** Catalog entries that carry hidden content or behaviour: forms, attachments, scripts, layers, outlines, structure (alt text). */
export const CATALOG_CARRIER_KEYS = [
  'AcroForm',
  'Names',
  'Dests',
  'OpenAction',
  'AA',
  'OCProperties',
  'Outlines',
  'StructTreeRoot',
  'MarkInfo',
  'Metadata',
  'PieceInfo',
  'AF',
  'URI',
  'Threads',
  'Perms',
  'Legal',
  'Collection',
  'SpiderInfo',
] as const;

/** Dropped wherever they occur: on image and form XObjects, fonts, colour spaces… */
const ANYWHERE_KEYS = ['Metadata', 'PieceInfo', 'AF', 'AA', 'JS', 'JavaScript', 'EmbeddedFiles', 'EF', 'Thumb', 'Annots', 'OpenAction'] as const;

/** Objects of these types are never kept, whoever points at them. */
const FORBIDDEN_TYPES = new Set(['EmbeddedFile', 'Filespec', 'Annot', 'Metadata', 'Action']);


export function scrubPageDict(page: PDFDict): void {
  for (const key of PAGE_CARRIER_KEYS) page.delete(PDFName.of(key));
}

/**
 * Makes a freshly assembled output safe to save: catalog and page carriers dropped, the carriers
 * above removed from every reachable object, the Info dictionary emptied, and every
 * object no longer reachable from the trailer deleted (pdf-lib writes every object it holds).
 */
export async function scrubDocument(document: PDFDocument): Promise<void> {
  await document.flush();
  const { context } = document;
  for (const key of CATALOG_CARRIER_KEYS) document.catalog.delete(PDFName.of(key));
  for (const page of document.getPages()) scrubPageDict(page.node);

  // no Producer, no words of ours: "casework-facade" would match a redacted "case" or "work" in the verifier's scan
  context.trailerInfo.Info = context.register(context.obj({}));
  delete context.trailerInfo.Encrypt;
  delete context.trailerInfo.ID;

  const reachable = new Set<string>();
  const visit = (object: PDFObject | undefined): void => {
    if (object === undefined) return;
    if (object instanceof PDFRef) {
      if (reachable.has(object.tag)) return;
      reachable.add(object.tag);
      visit(context.lookup(object));
      return;
    }
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : undefined;
    if (dict) {
      for (const key of ANYWHERE_KEYS) dict.delete(PDFName.of(key));
      for (const [key, value] of dict.entries()) {
        if (isForbidden(context.lookup(value))) dict.delete(key);
        else visit(value);
      }
      return;
    }
    if (object instanceof PDFArray) {
      for (let index = 0; index < object.size(); index++) {
        const value = object.get(index);
        if (isForbidden(context.lookup(value))) object.set(index, PDFNull);
        else visit(value);
      }
    }
  };
  visit(context.trailerInfo.Root);
  visit(context.trailerInfo.Info);

  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reachable.has(ref.tag)) context.delete(ref);
  }
}

function isForbidden(object: PDFObject | undefined): boolean {
  const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : undefined;
  const type = dict?.get(PDFName.of('Type'));
  return type instanceof PDFName && FORBIDDEN_TYPES.has(type.decodeText());
}
