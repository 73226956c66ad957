/**
 * Pure: sitemaps as the sitemaps.org protocol 0.9 defines them (an index, and URL sets), with
 * `xhtml:link rel="alternate" hreflang` between a page's French and English versions and Google's
 * video extension (namespace sitemap-video/1.1, its elements in the order its schema requires).
 * Every value is escaped (xml-text.ts); URLs must be absolute (PUBLIC_URL).
 */
import { xmlChars, xmlEscape } from './xml-text.ts';

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const VIDEO_NS = 'http://www.google.com/schemas/sitemap-video/1.1';

/** The video extension's limits: duration 1..28800 s, title 100 and description 2048 characters. */
const MAX_DURATION = 28_800;

export interface SitemapVideo {
  thumbnail: string;
  title: string;
  description: string;
  contentLoc: string;
  durationSeconds: number | null;
  publishedAt: Date | null;
}

export interface SitemapUrl {
  loc: string;
  lastmod?: Date;
  /** Every language version of the page, this one included. */
  alternates: { hreflang: string; href: string }[];
  videos?: SitemapVideo[];
}

function cut(text: string, max: number): string {
  const chars = [...xmlChars(text).trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function w3cDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function videoXml(v: SitemapVideo): string {
  const parts = [
    `<video:thumbnail_loc>${xmlEscape(v.thumbnail)}</video:thumbnail_loc>`,
    `<video:title>${xmlEscape(cut(v.title, 100))}</video:title>`,
    `<video:description>${xmlEscape(cut(v.description || v.title, 2048))}</video:description>`,
    `<video:content_loc>${xmlEscape(v.contentLoc)}</video:content_loc>`,
  ];
  if (v.durationSeconds !== null)
    parts.push(
      `<video:duration>${Math.min(MAX_DURATION, Math.max(1, Math.round(v.durationSeconds)))}</video:duration>`,
    );
  if (v.publishedAt) parts.push(`<video:publication_date>${w3cDate(v.publishedAt)}</video:publication_date>`);
  return `<video:video>${parts.join('')}</video:video>`;
}

export function urlsetXml(urls: SitemapUrl[]): string {
  const body = urls.map((u) => {
    const parts = [`<loc>${xmlEscape(u.loc)}</loc>`];
    if (u.lastmod) parts.push(`<lastmod>${w3cDate(u.lastmod)}</lastmod>`);
    for (const a of u.alternates)
      parts.push(
        `<xhtml:link rel="alternate" hreflang="${xmlEscape(a.hreflang)}" href="${xmlEscape(a.href)}"/>`,
      );
    for (const v of u.videos ?? []) parts.push(videoXml(v));
    return `<url>${parts.join('')}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}" xmlns:video="${VIDEO_NS}">
${body.join('\n')}
</urlset>
`;
}

export function sitemapIndexXml(sitemaps: { loc: string; lastmod?: Date }[]): string {
  const body = sitemaps.map(
    (s) =>
      `<sitemap><loc>${xmlEscape(s.loc)}</loc>${s.lastmod ? `<lastmod>${w3cDate(s.lastmod)}</lastmod>` : ''}</sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="${SITEMAP_NS}">
${body.join('\n')}
</sitemapindex>
`;
}

/** robots.txt: everything but the account, back-office, API and download paths; the sitemap. */
export function robotsTxt(publicUrl: string): string {
  const lines = ['User-agent: *', 'Disallow: /api/', 'Disallow: /dev/'];
  for (const lang of ['fr', 'en'])
    for (const path of [
      'admin',
      'account',
      'welcome',
      'sign-in',
      'sign-out',
      'register',
      'verify',
      'password-reset',
      'clips',
      'search',
      'videos/*/download',
    ])
      lines.push(`Disallow: /${lang}/${path}`);
  lines.push('Allow: /', '', `Sitemap: ${publicUrl}/sitemap.xml`, '');
  return lines.join('\n');
}
