/**
 * The web renditions of a photo (pure): their names, the longest side of each, and the size each
 * gets for an original of a given (displayed) size, never enlarged.
 */
export const RENDITIONS = [
  { name: 'large', longest: 2048 },
  { name: 'medium', longest: 1024 },
  { name: 'thumb', longest: 320 },
] as const;

export type RenditionName = (typeof RENDITIONS)[number]['name'];

export const RENDITION_NAMES: readonly string[] = ['original', ...RENDITIONS.map((r) => r.name)];

/** The size of a rendition whose longest side is at most `longest`. */
export function fitWithin(width: number, height: number, longest: number): { width: number; height: number } {
  const scale = Math.min(1, longest / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
