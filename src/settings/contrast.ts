/**
 * Colour checks (pure): a strict `#rrggbb` hex colour and its WCAG 2 contrast ratio against the
 * light backgrounds the stylesheet draws the primary colour on (white, and the soft grey of panels)
 * and against the white text drawn on it (buttons, the header). The primary colour must reach 4.5:1
 * (WCAG AA, normal text) against every one of them, or it is refused.
 */

export const HEX_COLOUR = /^#[0-9a-f]{6}$/;

/** The backgrounds and text colours the primary colour meets (site.css: --paper, --soft, --brand-ink). */
export const PARTNERS = ['#ffffff', '#f2f5f8'] as const;

export const MIN_CONTRAST = 4.5;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The lowest contrast of `hex` against the colours it meets, rounded down to one decimal. */
export function weakestContrast(hex: string): number {
  const lowest = Math.min(...PARTNERS.map((p) => contrastRatio(hex, p)));
  return Math.floor(lowest * 10) / 10;
}
