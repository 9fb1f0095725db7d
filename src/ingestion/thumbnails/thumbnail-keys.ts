import type { VersionRef } from '../../common/version-ref.js';
import { versionPrefix } from '../blob-keys.js';

export const THUMBNAIL_FORMATS = ['png', 'webp'] as const;
export type ThumbnailFormat = (typeof THUMBNAIL_FORMATS)[number];

export const THUMBNAIL_CONTENT_TYPES: Readonly<Record<ThumbnailFormat, string>> = { png: 'image/png', webp: 'image/webp' };

export interface ThumbnailSpec {
  readonly pageIndex: number;
  readonly width: number;
  readonly format: ThumbnailFormat;
}

/**
 * Under the version's own prefix: whatever removes a version's artefacts (a redaction superseding it,
 * a refresh replacing it, the document's deletion) removes its thumbnails too, and no key is shared
 * between versions.
 */
export const thumbnailKey = (ref: VersionRef, spec: ThumbnailSpec): string =>
  `${versionPrefix(ref.caseId, ref.documentId, ref.versionId)}thumbnails/p${spec.pageIndex}-w${spec.width}.${spec.format}`;

/** Versions never change, so the tag of a thumbnail is its address. */
export const thumbnailEtag = (ref: VersionRef, spec: ThumbnailSpec): string =>
  `"thumb-${ref.documentId}-${ref.versionId}-p${spec.pageIndex}-w${spec.width}-${spec.format}"`;
