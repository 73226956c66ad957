/**
 * The newsletter's emails as HTML and plain text (pure). HTML for the usual clients' constraints: one
 * 600-pixel table layout (no flex, no grid), every style inlined by `juice` (Gmail drops most <style>
 * blocks), a dark-mode block kept as a media query with `!important` (clients that honour
 * `prefers-color-scheme` apply it over the inline colours), `color-scheme` meta tags, images with
 * width, height and alt text. Every interpolated value is escaped (src/web/html.ts); links are only
 * http(s). The text part says the same, links in full.
 */
import juice from 'juice';
import { escapeHtml, html, raw, type SafeHtml } from '../web/html.ts';
import { formatDate, type Lang, translate } from '../web/i18n/index.ts';

export interface MailItem {
  title: string;
  text: string;
  url: string;
  imageUrl?: string | null;
  date?: Date | null;
  /** The link's words (default: "read the story"). */
  action?: string;
}

export interface MailModel {
  language: Lang;
  subject: string;
  /** Hidden text shown by clients beside the subject. */
  preheader: string;
  heading: string;
  /** Paragraphs above the list (an editor's introduction, plain text). */
  intro: string[];
  items: MailItem[];
  /** Further lists under their own heading (a daily digest's saved-search alerts). */
  sections?: { heading: string; items: MailItem[] }[];
  /** "See every result" and the like, below the list. */
  more?: { text: string; url: string } | null;
  webViewUrl?: string | null;
  /** Why the reader gets it, and the link that stops it. */
  why: string;
  unsubscribe?: { text: string; url: string } | null;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const CSS = `
body { margin: 0; padding: 0; background: #eef1f5; }
.outer { width: 100%; background: #eef1f5; }
.card { width: 600px; max-width: 600px; background: #ffffff; border-radius: 8px; }
.pad { padding: 24px 32px; }
.brand { font-family: Arial, Helvetica, sans-serif; font-size: 14px; font-weight: bold; letter-spacing: 1px; color: #1a4f8b; text-transform: uppercase; }
h1 { margin: 0 0 12px 0; font-family: Georgia, 'Times New Roman', serif; font-size: 28px; line-height: 34px; color: #111827; }
p { margin: 0 0 12px 0; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 24px; color: #1f2937; }
.item { border-top: 1px solid #e5e7eb; padding: 20px 32px; }
.item h2 { margin: 0 0 6px 0; font-family: Georgia, 'Times New Roman', serif; font-size: 20px; line-height: 26px; }
.item h2 a { color: #111827; text-decoration: none; }
.section { padding: 24px 32px 0 32px; }
.section h2 { margin: 0; font-family: Georgia, 'Times New Roman', serif; font-size: 22px; line-height: 28px; color: #111827; }
.date { font-size: 13px; line-height: 18px; color: #6b7280; margin: 0 0 6px 0; }
.image { display: block; width: 536px; max-width: 100%; height: auto; border: 0; border-radius: 4px; margin: 0 0 12px 0; }
a.button { display: inline-block; padding: 10px 18px; border-radius: 4px; background: #1a4f8b; color: #ffffff; font-family: Arial, Helvetica, sans-serif; font-size: 15px; font-weight: bold; text-decoration: none; }
.foot { padding: 20px 32px 28px 32px; }
.foot p { font-size: 13px; line-height: 19px; color: #4b5563; }
.foot a { color: #1a4f8b; }
.preheader { display: none; max-height: 0; overflow: hidden; mso-hide: all; font-size: 1px; line-height: 1px; color: #eef1f5; }
`;

/** Kept as a <style> block: clients that support dark mode apply it over the inlined colours. */
const DARK_CSS = `
@media (prefers-color-scheme: dark) {
  body, .outer { background: #0b1220 !important; }
  .card { background: #111827 !important; }
  h1, .item h2 a, .section h2 { color: #f3f4f6 !important; }
  p { color: #d1d5db !important; }
  .date, .foot p { color: #9ca3af !important; }
  .brand, .foot a { color: #93c5fd !important; }
  a.button { background: #2563eb !important; color: #ffffff !important; }
  .item { border-top-color: #374151 !important; }
}
@media (max-width: 620px) {
  .card { width: 100% !important; border-radius: 0 !important; }
  .pad, .item, .foot { padding-left: 20px !important; padding-right: 20px !important; }
}
`;

function webUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function itemHtml(model: MailModel, item: MailItem): SafeHtml {
  const url = webUrl(item.url);
  const image = webUrl(item.imageUrl);
  const action = item.action ?? translate(model.language, 'newsletter.mail.read');
  return html`<tr><td class="item">
${image && url ? html`<a href="${url}"><img class="image" src="${image}" width="536" alt="${item.title}"></a>` : ''}
<h2>${url ? html`<a href="${url}">${item.title}</a>` : item.title}</h2>
${item.date ? html`<p class="date">${formatDate(model.language, item.date)}</p>` : ''}
${item.text ? html`<p>${item.text}</p>` : ''}
${url ? html`<p><a class="button" href="${url}">${action}</a></p>` : ''}
</td></tr>`;
}

export function renderHtml(model: MailModel): string {
  return inline(documentOf(model));
}

function inline(document: string): string {
  return juice(document, {
    preserveMediaQueries: true,
    preserveImportant: true,
    applyWidthAttributes: true,
    removeStyleTags: true,
  });
}

/** The HTML document before its styles are inlined. */
function documentOf(model: MailModel): string {
  const webView = webUrl(model.webViewUrl);
  const unsubscribe = model.unsubscribe ? webUrl(model.unsubscribe.url) : null;
  const more = model.more ? webUrl(model.more.url) : null;
  const document = html`<!DOCTYPE html>
<html lang="${model.language}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${model.subject}</title>
<style>${raw(CSS)}</style>
<style>${raw(DARK_CSS)}</style>
</head>
<body>
<div class="preheader">${model.preheader}</div>
<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center" style="padding: 24px 0;">
<table role="presentation" class="card" width="600" cellpadding="0" cellspacing="0" border="0">
<tr><td class="pad">
<p class="brand">${translate(model.language, 'newsletter.mail.signature')}</p>
<h1>${model.heading}</h1>
${model.intro.map((paragraph) => html`<p>${paragraph}</p>`)}
</td></tr>
${model.items.map((item) => itemHtml(model, item))}
${(model.sections ?? []).map(
  (section) =>
    html`<tr><td class="section"><h2>${section.heading}</h2></td></tr>
${section.items.map((item) => itemHtml(model, item))}`,
)}
${more && model.more ? html`<tr><td class="item"><p><a href="${more}">${model.more.text}</a></p></td></tr>` : ''}
<tr><td class="foot">
${webView ? html`<p><a href="${webView}">${translate(model.language, 'newsletter.mail.webView')}</a></p>` : ''}
<p>${model.why}</p>
${unsubscribe && model.unsubscribe ? html`<p><a href="${unsubscribe}">${model.unsubscribe.text}</a></p>` : ''}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
  return document.value;
}

function itemText(model: MailModel, item: MailItem, lines: string[]): void {
  lines.push(`* ${item.title}`);
  if (item.date) lines.push(`  ${formatDate(model.language, item.date)}`);
  if (item.text) lines.push(`  ${item.text}`);
  const url = webUrl(item.url);
  if (url) lines.push(`  ${url}`);
  lines.push('');
}

export function renderText(model: MailModel): string {
  const lines: string[] = [model.heading, '='.repeat(Math.min(60, [...model.heading].length)), ''];
  for (const paragraph of model.intro) lines.push(paragraph, '');
  for (const item of model.items) itemText(model, item, lines);
  for (const section of model.sections ?? []) {
    lines.push(section.heading, '-'.repeat(Math.min(60, [...section.heading].length)), '');
    for (const item of section.items) itemText(model, item, lines);
  }
  const more = model.more ? webUrl(model.more.url) : null;
  if (more && model.more) lines.push(`${model.more.text}: ${more}`, '');
  lines.push('--');
  const webView = webUrl(model.webViewUrl);
  if (webView) lines.push(`${translate(model.language, 'newsletter.mail.webView')}: ${webView}`);
  lines.push(model.why);
  const unsubscribe = model.unsubscribe ? webUrl(model.unsubscribe.url) : null;
  if (unsubscribe && model.unsubscribe) lines.push(`${model.unsubscribe.text}: ${unsubscribe}`);
  return `${lines.join('\n')}\n`;
}

export function renderMail(model: MailModel): RenderedMail {
  return { subject: model.subject, html: renderHtml(model), text: renderText(model) };
}

/** Stands for a reader's own unsubscribe link while the HTML that many readers share is inlined. */
const READER_LINK = 'https://reader-link.invalid/';
const INLINED_KEPT = 32;

/**
 * renderMail for many readers of the same mail (an edition or a digest in one language): the HTML is
 * made and inlined once with a stand-in for the unsubscribe link, then each reader's link is put in
 * its place. Inlining (juice parses and rewrites the whole document) is most of a mail's CPU; the
 * result is the same as renderMail's. Holds the last few documents, for one run of the send job.
 */
export function createMailRenderer(): (model: MailModel) => RenderedMail {
  const inlined = new Map<string, string>();
  return (model) => {
    const link = model.unsubscribe ? webUrl(model.unsubscribe.url) : null;
    if (!model.unsubscribe || !link) return renderMail(model);
    const shared = documentOf({ ...model, unsubscribe: { ...model.unsubscribe, url: READER_LINK } });
    let done = inlined.get(shared);
    if (done === undefined) {
      if (inlined.size >= INLINED_KEPT) inlined.delete(inlined.keys().next().value as string);
      done = inline(shared);
      inlined.set(shared, done);
    }
    const html = done.replaceAll(READER_LINK, escapeHtml(link));
    return { subject: model.subject, html, text: renderText(model) };
  };
}

/** The HTML of a mail for a web page (its body's content only, already inlined). */
export function escapeForAttribute(markup: string): string {
  return escapeHtml(markup);
}
