/**
 * The legacy CMS's document categories, verbatim (the labels its users know; see the stand-in seed).
 * A document is listed with its legacy category and may be reclassified to one of these.
 */
export const DOCUMENT_CATEGORIES = [
  'MG11 Witness statement',
  'MG5 Case summary',
  'MG3 Report to prosecutor',
  'Correspondence',
  'Scanned correspondence',
  'Email attachment',
  'Exhibit photograph',
  'Scanned exhibit bundle',
  'Phone download report',
  'Unused material',
] as const;

export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];
