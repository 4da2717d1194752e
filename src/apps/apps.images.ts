import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { ApiError } from '../lib/errors.js';
import type { BlobStore } from '../lib/blobs/blob-store.js';
import type { ScreenshotUpload } from './apps.types.js';

// Screenshots are decoded and re-encoded, so no uploaded byte is ever served: whatever rode along in the file
// (EXIF with a location, a script in an SVG, a polyglot) is gone. The type is what the bytes are, never the name.

export const maxScreenshotBytes = 2 * 1024 * 1024;
export const maxScreenshots = 3;
const maxEdge = 1600;
const acceptedFormats = new Set(['png', 'jpeg', 'webp']);

export type EncodedScreenshot = { bytes: Buffer; sha256: string; width: number; height: number; contentType: 'image/webp' };

const unsupported = (name: string) =>
  new ApiError(415, 'unsupported_image', `「${name}」不是 PNG、JPEG 或 WebP 图片 / "${name}" is not a PNG, JPEG or WebP image.`);

/** Checks one upload by its bytes and re-encodes it as WebP (turned upright, at most 1600 px a side, no metadata). */
export async function reencodeScreenshot(upload: ScreenshotUpload, index: number): Promise<EncodedScreenshot> {
  const name = upload.filename || `screenshot ${index + 1}`;
  if (upload.bytes.byteLength > maxScreenshotBytes) {
    throw new ApiError(413, 'image_too_large', `「${name}」超过 2 MB / "${name}" is larger than 2 MB.`);
  }
  let format: string | undefined;
  try {
    // limitInputPixels: a small file can still claim a huge canvas (a decompression bomb).
    format = (await sharp(upload.bytes, { limitInputPixels: 40_000_000 }).metadata()).format;
  } catch {
    throw unsupported(name);
  }
  if (!format || !acceptedFormats.has(format)) throw unsupported(name);
  try {
    // sharp writes no metadata unless asked (withMetadata), so EXIF, ICC comments and XMP are dropped here.
    const { data, info } = await sharp(upload.bytes, { limitInputPixels: 40_000_000, failOn: 'error' })
      .rotate()
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, sha256: createHash('sha256').update(data).digest('hex'), width: info.width, height: info.height, contentType: 'image/webp' };
  } catch {
    throw unsupported(name);
  }
}

/** Re-encodes every upload (at most 3), refusing the whole submission at the first bad one. */
export async function reencodeScreenshots(uploads: ScreenshotUpload[]): Promise<EncodedScreenshot[]> {
  if (uploads.length > maxScreenshots) throw new ApiError(400, 'too_many_screenshots', `最多 ${maxScreenshots} 张截图 / At most ${maxScreenshots} screenshots.`);
  const out: EncodedScreenshot[] = [];
  for (const [i, upload] of uploads.entries()) out.push(await reencodeScreenshot(upload, i));
  return out;
}

export const screenshotKey = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}.webp`;

/** Stores re-encoded bytes in the artifact store (content-addressed: the same image twice is stored once). */
export async function storeScreenshot(files: BlobStore, image: EncodedScreenshot): Promise<string> {
  const key = screenshotKey(image.sha256);
  await files.putStream(key, Readable.from([image.bytes]), { contentType: image.contentType });
  return key;
}

export async function readScreenshotBytes(files: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await files.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
