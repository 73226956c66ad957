/**
 * Sitemaps checked by tools we did not write:
 * - the core of a `urlset` (its sitemaps.org elements) against sitemaps.org's own XSD (as the
 *   `sitemap` package ships it), by libxml2 (`xmllint-wasm`). The extension elements are taken out
 *   first: the XSD's wildcard is `processContents="strict"`, so they validate only with their own
 *   schemas, and Google's video schema is not published under a licence that lets us copy it;
 * - the video extension by the `sitemap` package's parser (it reads `video:` elements, and records
 *   every element or attribute it does not know and every malformed value) and its checks of
 *   Google's rules for each video (`validateSMIOptions`: required elements, title and description
 *   lengths, duration, rating, dates).
 * Returns the problems found, empty when there is none.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { ErrorLevel, type SitemapItem, validateSMIOptions, XMLToSitemapItemStream } from 'sitemap';
import { validateXML } from 'xmllint-wasm';
import { parseXml, type XmlElement } from './xml.ts';

const SM = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const require = createRequire(import.meta.url);

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The element with only its sitemaps.org descendants, as XML (the root declares the namespace). */
function coreOnly(element: XmlElement, root = true): string {
  const inner = element.children.filter((c) => c.uri === SM).map((c) => coreOnly(c, false));
  const body = inner.length > 0 ? inner.join('') : escapeText(element.text.trim());
  return `<${element.local}${root ? ` xmlns="${SM}"` : ''}>${body}</${element.local}>`;
}

export async function coreSchemaProblems(xml: string): Promise<string[]> {
  // The package's schema folder (not among its exports): two levels above its CommonJS entry.
  const schema = await readFile(
    join(dirname(require.resolve('sitemap')), '../../schema/sitemap.xsd'),
    'utf8',
  );
  const result = await validateXML({
    xml: [
      {
        fileName: 'urlset.xml',
        contents: `<?xml version="1.0" encoding="UTF-8"?>\n${coreOnly(parseXml(xml))}`,
      },
    ],
    schema: [{ fileName: 'sitemap.xsd', contents: schema }],
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

export async function videoProblems(xml: string): Promise<{ problems: string[]; items: SitemapItem[] }> {
  const parser = new XMLToSitemapItemStream({ level: ErrorLevel.SILENT, logger: false });
  const items: SitemapItem[] = [];
  parser.on('data', (item: SitemapItem) => items.push(item));
  await new Promise<void>((resolve, reject) => {
    parser.once('end', resolve);
    parser.once('error', reject);
    Readable.from([xml]).pipe(parser);
  });
  const problems = parser.errors.map((e) => e.message);
  for (const item of items.filter((i) => i.video.length > 0)) {
    try {
      validateSMIOptions(item, ErrorLevel.THROW);
    } catch (error) {
      problems.push(`${item.url}: ${(error as Error).message}`);
    }
  }
  return { problems, items };
}
