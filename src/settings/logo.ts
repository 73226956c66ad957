/**
 * The logo (image work and storage): an upload is read by sharp, accepted only when it declares and
 * decodes as PNG, JPEG, WebP or SVG, fitted within 640×160 and re-encoded as PNG without its
 * metadata, then stored through the storage port under a content address
 * (`settings/logo-<sha256 prefix>.png`). An SVG is never served as SVG (it can carry script): it is
 * drawn into that PNG by sharp (librsvg), and refused first when it declares entities or refers to
 * anything outside itself (`svgRefusal`). A file that is not such an image is refused before anything
 * is written.
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
const ACCEPTED = new Set(['png', 'jpeg', 'webp', 'svg']);
/** Sharpest an SVG is drawn (dots per inch; 72 is its own size). */
const MAX_SVG_DENSITY = 72 * 16;

/**
 * Pure: why an SVG's text is refused before it is drawn, or null. Entity declarations (an XML bomb,
 * external entities) and references to anything but the document itself or an embedded image
 * (`href`/`xlink:href` to a file or a URL, CSS `url()` or `@import` outside it) are refused.
 */
export function svgRefusal(text: string): 'svg_external' | null {
  if (/<!ENTITY/i.test(text) || /<!DOCTYPE[^>]*\[/i.test(text)) return 'svg_external';
  for (const match of text.matchAll(/\bhref\s*=\s*["']([^"']*)["']/gi)) {
    const target = (match[1] ?? '').trim();
    if (!target.startsWith('#') && !/^data:image\/(png|jpeg|webp);base64,/i.test(target))
      return 'svg_external';
  }
  if (/@import/i.test(text)) return 'svg_external';
  for (const match of text.matchAll(/url\(\s*["']?([^"')]*)/gi))
    if (!(match[1] ?? '').trim().startsWith('#')) return 'svg_external';
  return null;
}
export const LOGO_BOX = { width: 640, height: 160 } as const;

export type LogoOutcome =
  | { ok: true; logo: StoredLogo }
  | { ok: false; code: 'not_image' | 'image_too_large' | 'svg_external' };

/** Re-encodes an upload into the stored PNG's bytes, or says why it is refused. */
export async function encodeLogo(
  bytes: Buffer,
): Promise<
  | { ok: true; png: Buffer; width: number; height: number }
  | { ok: false; code: 'not_image' | 'image_too_large' | 'svg_external' }
> {
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, code: 'image_too_large' };
  try {
    const options = { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false } as const;
    let source = sharp(bytes, options);
    const meta = await source.metadata();
    if (!meta.format || !ACCEPTED.has(meta.format)) return { ok: false, code: 'not_image' };
    if (meta.format === 'svg') {
      const refusal = svgRefusal(bytes.toString('utf8'));
      if (refusal) return { ok: false, code: refusal };
      // Drawn large enough to fill the box, then fitted like any other image.
      const scale = Math.min(LOGO_BOX.width / (meta.width || 1), LOGO_BOX.height / (meta.height || 1));
      const density = Math.min(MAX_SVG_DENSITY, Math.max(72, Math.ceil(72 * scale)));
      source = sharp(bytes, { ...options, density });
    }
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
