/**
 * Pure: a feed's channel and entries as RSS 2.0 with Media RSS, or as Atom 1.0, written by the `feed`
 * library. Media RSS (https://www.rssboard.org/media-rss) is what it lacks: each item gets its
 * elements through the library's item extensions (`media:thumbnail` for the lead image or poster, one
 * `media:content` per video with its duration in seconds), and the namespace is declared on `<rss>`.
 * Every value goes through xml-text.ts first: the library's writer escapes text but not attribute
 * values, and splits only the first `]]>` of a CDATA section.
 */
import { Feed, type Item } from 'feed';
import { escapeHtml, html } from '../web/html.ts';
import { cdataText, feedAttr, xmlChars } from './xml-text.ts';

export const MEDIA_RSS_NS = 'http://search.yahoo.com/mrss/';

export interface FeedVideo {
  title: string;
  /** Absolute URL of the HLS preview playlist. */
  url: string;
  /** Absolute poster URL. */
  poster: string | null;
  durationSeconds: number | null;
  /** Shown in the entry's HTML (e.g. "Vidéo : … (0:16)"). */
  label: string;
}

export interface FeedEntry {
  /** Stable id (the item's canonical URL). */
  id: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** Absolute link to the story or video page. */
  url: string;
  publishedAt: Date;
  /** Absolute URL of the lead image or poster (JPEG). */
  image: string | null;
  videos: FeedVideo[];
  categories: string[];
}

export interface FeedChannel {
  title: string;
  description: string;
  /** The site's page in this language. */
  link: string;
  rssUrl: string;
  atomUrl: string;
  lang: 'fr' | 'en';
  /** The publisher (Atom requires an author) and its home page. */
  author: string;
  home: string;
  /** Newest entry's time (the epoch when there is none): `lastBuildDate`/`updated`. */
  updated: Date;
}

export const HLS_TYPE = 'application/vnd.apple.mpegurl';

/** The entry's HTML body: summary, image, its videos with their durations. Everything escaped. */
function contentHtml(entry: FeedEntry): string {
  return html`<p>${entry.summary}</p>${entry.image ? html`<p><img src="${entry.image}" alt=""></p>` : ''}${
    entry.videos.length > 0 ? html`<ul>${entry.videos.map((v) => html`<li>${v.label}</li>`)}</ul>` : ''
  }`.value;
}

function mediaRss(entry: FeedEntry): Item['extensions'] {
  const extensions: NonNullable<Item['extensions']> = [];
  if (entry.image)
    extensions.push({ name: 'media:thumbnail', objects: { _attributes: { url: feedAttr(entry.image) } } });
  if (entry.videos.length > 0)
    extensions.push({
      name: 'media:content',
      objects: entry.videos.map((v) => ({
        _attributes: {
          url: feedAttr(v.url),
          type: HLS_TYPE,
          medium: 'video',
          ...(v.durationSeconds !== null
            ? { duration: String(Math.max(1, Math.round(v.durationSeconds))) }
            : {}),
        },
        'media:title': { _attributes: { type: 'plain' }, _text: xmlChars(v.title) },
        ...(v.poster ? { 'media:thumbnail': { _attributes: { url: feedAttr(v.poster) } } } : {}),
      })) as unknown as Record<string, unknown>,
    });
  return extensions;
}

/**
 * RSS: the title is plain text, the description HTML (escaped text); Atom: both are `type="html"`,
 * so escaped text too, and category labels are attributes (escaped here).
 */
function buildFeed(channel: FeedChannel, entries: FeedEntry[], format: 'rss' | 'atom'): Feed {
  const atom = format === 'atom';
  const feed = new Feed({
    id: channel.atomUrl,
    title: xmlChars(channel.title),
    description: xmlChars(channel.description),
    link: channel.link,
    language: channel.lang,
    updated: channel.updated,
    generator: 'Broadcast Portal',
    author: { name: xmlChars(channel.author), link: channel.home },
    feedLinks: { rss: channel.rssUrl, atom: channel.atomUrl },
  });
  for (const entry of entries) {
    feed.addItem({
      id: entry.id,
      title: cdataText(atom ? escapeHtml(entry.title) : entry.title),
      link: entry.url,
      date: entry.publishedAt,
      published: entry.publishedAt,
      description: cdataText(escapeHtml(entry.summary)),
      content: cdataText(contentHtml(entry)),
      category: entry.categories.map((name) => {
        const safe = atom ? feedAttr(name) : xmlChars(name);
        return { name: safe, term: safe };
      }),
      ...(entry.image ? { image: { url: feedAttr(entry.image), type: 'image/jpeg', length: 0 } } : {}),
      ...(atom ? {} : { extensions: mediaRss(entry) }),
    });
  }
  return feed;
}

export function rssXml(channel: FeedChannel, entries: FeedEntry[]): string {
  const xml = buildFeed(channel, entries, 'rss').rss2();
  const root = '<rss version="2.0"';
  if (!xml.includes(root)) throw new Error('unexpected RSS root from the feed library');
  return xml.replace(root, `${root} xmlns:media="${MEDIA_RSS_NS}"`);
}

export function atomXml(channel: FeedChannel, entries: FeedEntry[]): string {
  // The library types an enclosure from the URL's extension ("image/jpg"); JPEG's type is image/jpeg.
  return buildFeed(channel, entries, 'atom')
    .atom1()
    .replace(/(<link rel="enclosure" href="[^"]*") type="image\/jpg"/g, '$1 type="image/jpeg"');
}
