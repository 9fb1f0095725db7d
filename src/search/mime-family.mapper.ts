/** The kinds of document a lawyer filters by, whatever the exact MIME type or extension. */
export const MIME_FAMILIES = ['pdf', 'word', 'spreadsheet', 'presentation', 'email', 'image', 'text', 'html', 'audio', 'video', 'other'] as const;
export type MimeFamily = (typeof MIME_FAMILIES)[number];

const BY_MIME: readonly [RegExp, MimeFamily][] = [
  [/^application\/pdf$/, 'pdf'],
  [/^application\/(msword|vnd\.openxmlformats-officedocument\.wordprocessingml\.|vnd\.ms-word|vnd\.oasis\.opendocument\.text|rtf)|^text\/rtf$/, 'word'],
  [/^application\/(vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.|vnd\.oasis\.opendocument\.spreadsheet)|^text\/csv$/, 'spreadsheet'],
  [/^application\/(vnd\.ms-powerpoint|vnd\.openxmlformats-officedocument\.presentationml\.|vnd\.oasis\.opendocument\.presentation)/, 'presentation'],
  [/^message\/rfc822$|^application\/vnd\.ms-outlook$/, 'email'],
  [/^image\//, 'image'],
  [/^text\/html$|^application\/xhtml\+xml$/, 'html'],
  [/^text\//, 'text'],
  [/^audio\//, 'audio'],
  [/^video\//, 'video'],
];

const BY_EXTENSION: Readonly<Record<string, MimeFamily>> = {
  pdf: 'pdf',
  doc: 'word',
  docx: 'word',
  docm: 'word',
  odt: 'word',
  rtf: 'word',
  xls: 'spreadsheet',
  xlsx: 'spreadsheet',
  xlsm: 'spreadsheet',
  ods: 'spreadsheet',
  csv: 'spreadsheet',
  ppt: 'presentation',
  pptx: 'presentation',
  odp: 'presentation',
  eml: 'email',
  msg: 'email',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  tif: 'image',
  tiff: 'image',
  bmp: 'image',
  heic: 'image',
  webp: 'image',
  htm: 'html',
  html: 'html',
  txt: 'text',
  mp3: 'audio',
  wav: 'audio',
  m4a: 'audio',
  mp4: 'video',
  mov: 'video',
  avi: 'video',
};

/**
 * The family of a document: from its MIME type, or from its file name's extension when the type says nothing
 * (the legacy CMS often reports `application/octet-stream`).
 */
export function mimeFamilyOf(mimeType: string, fileName: string): MimeFamily {
  const mime = mimeType.toLowerCase().split(';')[0].trim();
  for (const [pattern, family] of BY_MIME) if (pattern.test(mime)) return family;
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
  return (extension !== undefined ? BY_EXTENSION[extension] : undefined) ?? 'other';
}
