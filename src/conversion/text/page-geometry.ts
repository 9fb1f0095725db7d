/** A page's visible area (its CropBox, in default user space) and its /Rotate. */
export interface PageGeometry {
  /** 0, 90, 180 or 270. */
  readonly rotation: number;
  readonly cropBox: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** The page as displayed: width and height swap for quarter turns. */
export function displayedSize(geometry: PageGeometry): { width: number; height: number } {
  const width = Math.abs(geometry.cropBox.x1 - geometry.cropBox.x0);
  const height = Math.abs(geometry.cropBox.y1 - geometry.cropBox.y0);
  return geometry.rotation === 90 || geometry.rotation === 270 ? { width: height, height: width } : { width, height };
}

export function normaliseRotation(rotate: number): number {
  const quarter = Math.round(rotate / 90) * 90;
  return ((quarter % 360) + 360) % 360;
}

/** Rounds to 1/1000 pt: enough for redaction, and keeps stored JSON small. */
export function roundPoints(value: number): number {
  return Math.round(value * 1000) / 1000;
}
