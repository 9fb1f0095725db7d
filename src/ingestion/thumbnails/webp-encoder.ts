import { createCanvas, Image } from '@napi-rs/canvas';

const WEBP_QUALITY = 80;

/** Re-encodes a PNG that pdftoppm made (never a client's bytes) as lossy WebP. */
export async function encodeWebp(png: Buffer): Promise<Buffer> {
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas.encode('webp', WEBP_QUALITY);
}
