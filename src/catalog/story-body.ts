/**
 * A story's body: Markdown (markdown-it, raw HTML disabled) rendered to HTML, then cleaned by
 * sanitize-html with an allow-list, so nothing an editor types becomes markup we did not choose.
 * Allowed: headings (a body's `#` is shown as h2: the page's h1 is the title), paragraphs, emphasis,
 * lists, quotes, code, horizontal rules, and links to http(s) and mailto only (opened as plain
 * links with rel="noopener noreferrer"). Images and raw HTML are not allowed.
 *
 * Embedded media: a paragraph made of `{{video:ID}}` alone shows the story's video ID there (the
 * caller renders it, and only for a video the story carries; anything else is dropped).
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const EMBED = /<p>\{\{video:([A-Za-z0-9_-]{1,128})\}\}<\/p>/g;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
  ],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
  },
};

/** The Markdown parser: raw HTML off, no automatic links from bare text, no typographic rewriting. */
function parser() {
  return new MarkdownIt({ html: false, linkify: false, typographer: false });
}

/** Markdown -> sanitised HTML, without embedded media (their paragraphs stay as text). */
export function sanitizedBodyHtml(markdown: string): string {
  return sanitizeHtml(parser().render(markdown), SANITIZE);
}

/**
 * Markdown -> sanitised HTML with `{{video:ID}}` paragraphs replaced by `embed(id)` (trusted HTML the
 * caller builds; null drops the paragraph).
 */
export function renderStoryBody(markdown: string, embed: (videoId: string) => string | null): string {
  return sanitizedBodyHtml(markdown).replace(EMBED, (_match, id: string) => embed(id) ?? '');
}

/** The video ids a body embeds, in order (for checks that they belong to the story). */
export function embeddedVideoIds(markdown: string): string[] {
  return [...sanitizedBodyHtml(markdown).matchAll(EMBED)].map((m) => m[1] ?? '');
}
