/**
 * The scrub list: structures that can carry hidden content and must be absent from a redacted PDF.
 * Read from qpdf's JSON (v2) description of every object in the file's current revision; incremental
 * history is checked on the raw bytes (see pdf-byte-scan.ts).
 */

export interface ScrubFinding {
  /** e.g. "/Annots in object 5 0 R", "Info dictionary has /Title" — key names only, never values. */
  readonly detail: string;
}

/** Keys whose presence (with anything in them) means hidden content may survive. */
export const SCRUBBED_KEYS: Readonly<Record<string, string>> = {
  '/Annots': 'annotations',
  '/AcroForm': 'form fields',
  '/EmbeddedFiles': 'embedded files',
  '/AF': 'associated files',
  '/JavaScript': 'JavaScript',
  '/JS': 'JavaScript',
  '/OpenAction': 'an open action',
  '/AA': 'additional actions',
  '/OCProperties': 'optional-content layers',
  '/Outlines': 'outlines',
  '/Thumb': 'a page thumbnail',
  '/StructTreeRoot': 'a structure tree',
  '/Metadata': 'XMP metadata',
  '/PieceInfo': 'private application data',
};

/** Info dictionary keys allowed to stay: the producing library's name says nothing about the case. */
const ALLOWED_INFO_KEYS = new Set(['/Producer']);
const STANDARD_INFO_KEYS = new Set(['/Title', '/Author', '/Subject', '/Keywords', '/Creator', '/Producer', '/CreationDate', '/ModDate', '/Trapped']);

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type QpdfObject = { value?: JsonValue; stream?: { dict?: Record<string, JsonValue> } };

const isRecord = (value: unknown): value is Record<string, JsonValue> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isEmpty = (value: JsonValue | undefined): boolean =>
  value === null || value === undefined || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);

function walk(value: JsonValue | undefined, visit: (dict: Record<string, JsonValue>) => void, depth = 0): void {
  if (depth > 200 || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const element of value) walk(element, visit, depth + 1);
  } else if (isRecord(value)) {
    visit(value);
    for (const key of Object.keys(value)) walk(value[key], visit, depth + 1);
  }
}

/** Parses `qpdf --json=2 --json-key=qpdf` output and lists everything on the scrub list. */
export function scrubFindings(qpdfJson: string): ScrubFinding[] {
  const parsed = JSON.parse(qpdfJson) as { qpdf?: unknown[] };
  const objects = parsed.qpdf?.[1];
  if (!isRecord(objects)) return [{ detail: 'qpdf did not describe the objects of the output' }];
  const findings: ScrubFinding[] = [];
  const seen = new Set<string>();
  const add = (detail: string): void => {
    if (!seen.has(detail)) {
      seen.add(detail);
      findings.push({ detail });
    }
  };

  for (const [key, entry] of Object.entries(objects)) {
    if (!isRecord(entry)) continue;
    const object = entry as QpdfObject;
    const where = key === 'trailer' ? 'the trailer' : `object ${key.replace(/^obj:/, '')}`;
    const inspect = (dict: Record<string, JsonValue>): void => {
      for (const scrubbed of Object.keys(SCRUBBED_KEYS)) {
        if (scrubbed in dict && !isEmpty(dict[scrubbed])) add(`${scrubbed} (${SCRUBBED_KEYS[scrubbed]}) in ${where}`);
      }
      if (dict['/Type'] === '/Metadata' || dict['/Subtype'] === '/XML') add(`an XMP metadata stream in ${where}`);
      if (dict['/Type'] === '/EmbeddedFile') add(`an embedded file stream in ${where}`);
    };
    walk(object.value, inspect);
    if (object.stream?.dict) walk(object.stream.dict, inspect);
  }

  const trailer = (objects.trailer as QpdfObject | undefined)?.value;
  if (isRecord(trailer)) {
    if ('/Prev' in trailer) add('the trailer has /Prev: the file has more than one revision');
    if ('/Encrypt' in trailer) add('the output is encrypted, so its streams cannot be verified');
    const info = trailer['/Info'];
    const infoDict = typeof info === 'string' ? (objects[`obj:${info}`] as QpdfObject | undefined)?.value : info;
    if (isRecord(infoDict)) {
      for (const infoKey of Object.keys(infoDict)) {
        if (ALLOWED_INFO_KEYS.has(infoKey) || isEmpty(infoDict[infoKey])) continue;
        // a custom key's name is document content, so it is not quoted
        add(`the Info dictionary has ${STANDARD_INFO_KEYS.has(infoKey) ? infoKey : 'a custom key'}`);
      }
    }
  }
  return findings;
}
