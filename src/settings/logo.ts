/**
 * The logo (image work and storage): an upload is read by sharp, accepted only when it declares and
 * decodes as PNG, JPEG or WebP (SVG is refused: it can carry script), fitted within 640×160 and
 * re-encoded as PNG without its metadata, then stored through the storage port under a content
 * address (`settings/logo-<sha256 prefix>.png`). A file that is not such an image is refused before
 * anything is written.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { StoredLogo } from './values.ts';

/** Largest upload accepted, bytes. */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
/** Largest source image, pixels (a decompression bomb is refused before decoding). */
const MAX_PIXELS = 25_000_000;
const ACCEPTED = new Set(['png', 'jpeg', 'webp']);
export const LOGO_BOX = { width: 640, height: 160 } as const;

export type LogoOutcome =
  | { ok: true; logo: StoredLogo }
  | { ok: false; code: 'not_image' | 'image_too_large' };

/** Re-encodes an upload into the stored PNG's bytes, or says why it is refused. */
export async function encodeLogo(
  bytes: Buffer,
): Promise<
  | { ok: true; png: Buffer; width: number; height: number }
  | { ok: false; code: 'not_image' | 'image_too_large' }
> {
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, code: 'image_too_large' };
  try {
    const source = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false });
    const meta = await source.metadata();
    if (!meta.format || !ACCEPTED.has(meta.format)) return { ok: false, code: 'not_image' };
    const { data, info } = await source
      .rotate()
      .resize({ ...LOGO_BOX, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, png: data, width: info.width, height: info.height };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/pixel limit/i.test(message)) return { ok: false, code: 'image_too_large' };
    return { ok: false, code: 'not_image' };
  }
}

/** Stores the PNG under its content address (atomically: whole or absent). */
export async function storeLogo(
  storage: MediaStorage,
  encoded: { png: Buffer; width: number; height: number },
): Promise<StoredLogo> {
  const sha = createHash('sha256').update(encoded.png).digest('hex').slice(0, 16);
  const key = `settings/logo-${sha}.png`;
  await storage.ensureDir('settings');
  if (!(await storage.stat(key)))
    await storage.writeAtomic(key, (path) => writeFile(path, encoded.png), { sync: true });
  return { key, width: encoded.width, height: encoded.height };
}

/** The public address of a stored logo. */
export function logoUrl(logo: StoredLogo): string {
  return `/settings/${logo.key.slice('settings/'.length)}`;
}
