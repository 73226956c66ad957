/** The page shell: header (portal name, navigation, language switch), main landmark, footer. */
import { html, type SafeHtml } from './html.ts';
import type { Lang, Translator } from './i18n/index.ts';
import type { Identity } from './identity.ts';

export interface PageContext {
  lang: Lang;
  t: Translator;
  /** Path of this page without the language prefix, e.g. `/stories/slug` ('' for home). */
  path: string;
  /** Query string to keep when switching language, with its leading `?` (or ''). */
  query: string;
  publicUrl: string;
  /** The signed-in user's display name, when there is one (set by the accounts feature). */
  user?: { name: string } | null;
  /** Navigation slot for account links (set by the accounts feature when it is wired in). */
  accountNav?: SafeHtml;
  /** Editors and admins: the header links to the back office (set by the back office feature). */
  backOffice?: boolean;
  /** Admins: the back office's tabs add Users and the audit log (set by the back office feature). */
  admin?: boolean;
  /** The time zone dates and times are shown in (the visitor's, else the portal's); UTC when unset. */
  timeZone?: string;
  /** The portal's own zone (TZ_DEFAULT), whatever the visitor chose. */
  portalTimeZone?: string;
  /** The signed-in account chose `timeZone`: the browser's zone does not replace it. */
  zoneChosen?: boolean;
  /** The institution's names in both languages, logo, theme and contact (configuration and settings). */
  identity?: Identity;
  /** Signed in: the header links to the selection basket (set by the basket feature). */
  basket?: boolean;
  /** The signed-in browser's form token, for the `_csrf` field of a form (set by the accounts feature). */
  csrf?: string;
}

export interface PageOptions {
  title: string;
  /** Override the page's description meta. */
  description?: string;
  /** Extra elements for <head> (e.g. a module script). */
  head?: SafeHtml;
}

const OTHER: Record<Lang, Lang> = { fr: 'en', en: 'fr' };

export function localPath(lang: Lang, path: string): string {
  return `/${lang}${path === '' ? '/' : path}`;
}

/** A video page's path with the selection (`?in=&out=`) it was opened with, e.g. for `returnTo`. */
export function videoPagePath(
  lang: Lang,
  videoId: string,
  selection: { in?: string; out?: string } = {},
): string {
  const params = new URLSearchParams();
  if (selection.in !== undefined) params.set('in', selection.in);
  if (selection.out !== undefined) params.set('out', selection.out);
  const search = params.toString();
  return `${localPath(lang, `/videos/${encodeURIComponent(videoId)}`)}${search ? `?${search}` : ''}`;
}

/**
 * `<link rel="alternate">` to the RSS and Atom feeds (API.md: `/{lang}/rss.xml` and `atom.xml`, with
 * `?topic=` and `?q=`): every page names its language's feeds; topic and search pages add theirs.
 */
export function feedLinks(lang: Lang, title: string, params: { topic?: string; q?: string } = {}): SafeHtml {
  const query = new URLSearchParams();
  if (params.topic) query.set('topic', params.topic);
  if (params.q) query.set('q', params.q);
  const search = query.toString() ? `?${query}` : '';
  return html`<link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="/${lang}/rss.xml${search}">
<link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="/${lang}/atom.xml${search}">`;
}

export function layout(ctx: PageContext, options: PageOptions, content: SafeHtml): string {
  const { lang, t } = ctx;
  const other = OTHER[lang];
  const here = `${localPath(lang, ctx.path)}${ctx.query}`;
  const there = `${localPath(other, ctx.path)}${ctx.query}`;
  const logo = ctx.identity?.logo;
  const contact = ctx.identity?.contactEmail;
  const nav = (path: string, label: string) => {
    const href = localPath(lang, path);
    const current = path === '' ? ctx.path === '' : ctx.path.startsWith(path);
    return html`<li><a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a></li>`;
  };
  const accountNav =
    ctx.accountNav ??
    html`<li><a href="${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(here)}">${t('nav.signIn')}</a></li>
        <li><a class="button" href="${localPath(lang, '/register')}">${t('nav.register')}</a></li>`;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${t('site.name')}</title>
<meta name="description" content="${options.description ?? t('site.tagline')}">
<link rel="alternate" hreflang="${lang}" href="${ctx.publicUrl}${here}">
<link rel="alternate" hreflang="${other}" href="${ctx.publicUrl}${there}">
<link rel="alternate" hreflang="x-default" href="${ctx.publicUrl}/">
${feedLinks(lang, t('site.name'))}
<link rel="stylesheet" href="/static/site.css">
${
  ctx.identity?.themeUrl
    ? html`<link rel="stylesheet" href="${ctx.identity.themeUrl}">
`
    : ''
}<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<meta name="time-zone" content="${ctx.timeZone ?? 'UTC'}">
${ctx.zoneChosen ? '' : html`<script type="module" src="/static/client/local-time.js"></script>`}
${options.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">${t('nav.skip')}</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="${localPath(lang, '')}">${logo ? html`<img src="${logo.url}" alt="" width="${logo.width}" height="${logo.height}">` : ''}<span>${t('site.name')}</span></a>
    <nav aria-label="${t('nav.main')}">
      <ul class="nav-list">
        ${nav('', t('nav.news'))}
        ${nav('/videos', t('nav.videos'))}
        ${nav('/search', t('nav.search'))}
        ${ctx.basket ? nav('/basket', t('nav.basket')) : ''}
        ${ctx.backOffice ? nav('/admin', t('backoffice.nav')) : ''}
      </ul>
    </nav>
    <ul class="nav-list account-nav">
      ${accountNav}
      <li><a href="${there}" hreflang="${other}" lang="${other}" aria-label="${t('nav.switchToLabel')}">${t('nav.switchTo')}</a></li>
    </ul>
  </div>
</header>
<main id="main" tabindex="-1" class="wrap">
${content}
</main>
<footer class="site-footer">
  <div class="wrap footer-row">
    <div>
      <p class="footer-tagline">${t('site.tagline')}</p>
      <p>${t('footer.about')}</p>
    </div>
    <ul class="nav-list">
      <li><a href="${localPath(lang, '/terms')}">${t('footer.terms')}</a></li>
      <li><a href="${localPath(lang, '/privacy')}">${t('footer.privacy')}</a></li>
      ${contact ? html`<li><a href="mailto:${contact}">${t('footer.contact')}</a></li>` : ''}
      <li><a href="${localPath(lang, '/newsletter')}">${t('footer.newsletter')}</a></li>
      <li><span id="footer-lang">${t('footer.language')}</span>
        <a href="${localPath('fr', ctx.path)}${ctx.query}" hreflang="fr" lang="fr"${lang === 'fr' ? html` aria-current="true"` : ''}>Français</a> ·
        <a href="${localPath('en', ctx.path)}${ctx.query}" hreflang="en" lang="en"${lang === 'en' ? html` aria-current="true"` : ''}>English</a></li>
    </ul>
  </div>
</footer>
</body>
</html>`.value;
}
