/** Slugs (pure): derived from a title with accents folded, checked against the one slug shape. */

/** What a slug may be: lowercase ASCII words joined by hyphens, never all digits (that is an id). */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX = 100;

export function isSlug(value: string): boolean {
  return value.length <= SLUG_MAX && SLUG.test(value) && !/^\d+$/.test(value);
}

/** "L’Union adopte : un plan à 5 ans" -> "l-union-adopte-un-plan-a-5-ans" (empty when nothing is left). */
export function slugify(title: string): string {
  const folded = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/æ/gi, 'ae')
    .replace(/œ/gi, 'oe')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .toLowerCase();
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > SLUG_MAX) break;
    slug = next;
  }
  return /^\d+$/.test(slug) ? `story-${slug}` : slug;
}

/** The nth candidate for a derived slug: base, base-2, base-3… (kept within the length). */
export function slugCandidate(base: string, n: number): string {
  if (n <= 1) return base;
  const suffix = `-${n}`;
  return `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
}
