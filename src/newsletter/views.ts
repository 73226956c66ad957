/**
 * The public newsletter pages: sign-up form (address, language, frequency, topics, the consent text
 * that is recorded) or, signed in, the account's subscription form; the archive of sent editions; the
 * confirmation and unsubscribe pages (each a button that posts: mail scanners that open links change
 * nothing); an edition's web view.
 */
import { html, type SafeHtml } from '../web/html.ts';
import { formatDate, type Lang } from '../web/i18n/index.ts';
import type { PageContext } from '../web/layout.ts';
import { localPath } from '../web/layout.ts';
import type { Edition } from './editions.ts';
import type { MailModel } from './email.ts';
import { FREQUENCIES } from './rules.ts';
import type { AccountSubscription } from './service.ts';

export interface TopicChoice {
  slug: string;
  name: string;
}

export interface NewsletterPageInput {
  csrf: string;
  topics: TopicChoice[];
  archive: Edition[];
  account: AccountSubscription | null;
  values: { email?: string; language?: string; frequency?: string; topics?: string[] };
  notice?: string | null;
  error?: string | null;
}

const csrfInput = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function choices(ctx: PageContext, input: NewsletterPageInput, withOff: boolean): SafeHtml {
  const t = ctx.t;
  const language = input.values.language ?? ctx.lang;
  const frequency = input.values.frequency ?? 'daily';
  const chosen = new Set(input.values.topics ?? []);
  const frequencies = withOff ? [...FREQUENCIES, 'off' as const] : FREQUENCIES;
  return html`<fieldset class="field">
  <legend>${t('newsletter.form.language')}</legend>
  ${(['fr', 'en'] as const).map(
    (l) =>
      html`<label class="choice"><input type="radio" name="language" value="${l}"${language === l ? html` checked` : ''}> ${t(`newsletter.language.${l}`)}</label>`,
  )}
</fieldset>
<fieldset class="field">
  <legend>${t('newsletter.form.frequency')}</legend>
  ${frequencies.map(
    (f) =>
      html`<label class="choice"><input type="radio" name="frequency" value="${f}"${frequency === f ? html` checked` : ''}> ${t(`newsletter.frequency.${f}`)}</label>`,
  )}
</fieldset>
${
  input.topics.length > 0
    ? html`<fieldset class="field">
  <legend>${t('newsletter.form.topics')}</legend>
  ${input.topics.map(
    (topic) =>
      html`<label class="choice"><input type="checkbox" name="topics" value="${topic.slug}"${chosen.has(topic.slug) ? html` checked` : ''}> ${topic.name}</label>`,
  )}
</fieldset>`
    : ''
}`;
}

export function newsletterPageView(ctx: PageContext, input: NewsletterPageInput): SafeHtml {
  const t = ctx.t;
  const action = localPath(ctx.lang, '/newsletter');
  const form = input.account
    ? html`<section aria-labelledby="subscription-title">
  <h2 id="subscription-title">${t('newsletter.account.title')}</h2>
  <p>${t('newsletter.account.intro', { email: input.account.email })}</p>
  <form class="stacked" method="post" action="${localPath(ctx.lang, '/newsletter/subscription')}">
    ${csrfInput(input.csrf)}
    ${choices(ctx, input, true)}
    <div><button type="submit">${t('newsletter.form.save')}</button></div>
  </form>
</section>`
    : html`<form class="stacked" method="post" action="${action}" novalidate>
  ${csrfInput(input.csrf)}
  <div class="field">
    <label for="newsletter-email">${t('newsletter.form.email')}</label>
    <input id="newsletter-email" name="email" type="email" autocomplete="email" required maxlength="254" value="${input.values.email ?? ''}"${input.error ? html` aria-invalid="true" aria-describedby="newsletter-error"` : ''}>
  </div>
  ${choices(ctx, input, false)}
  <p class="hint" id="newsletter-consent">${t('newsletter.consent')}</p>
  <div><button type="submit" aria-describedby="newsletter-consent">${t('newsletter.form.subscribe')}</button></div>
</form>`;
  return html`<h1>${t('newsletter.page.title')}</h1>
<p>${t('newsletter.page.intro')}</p>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="field-error" id="newsletter-error" role="alert">${input.error}</p>` : ''}
${form}
<section aria-labelledby="archive-title">
  <h2 id="archive-title">${t('newsletter.archive.title')}</h2>
  ${
    input.archive.length === 0
      ? html`<p>${t('newsletter.archive.empty')}</p>`
      : html`<ul>${input.archive.map(
          (e) =>
            html`<li><a href="${localPath(ctx.lang, `/newsletter/editions/${e.id}`)}">${t('newsletter.mail.edition.subject', { date: formatDate(ctx.lang, e.sentAt ?? e.createdAt) })}</a></li>`,
        )}</ul>`
  }
</section>`;
}

/** The confirmation or unsubscribe page: a message, or one button that posts the token back. */
export function tokenPageView(
  ctx: PageContext,
  o: {
    title: string;
    intro: string;
    action: string;
    button: string;
    token: string;
    csrf: string;
    message?: string | null;
    error?: string | null;
  },
): SafeHtml {
  return html`<h1>${o.title}</h1>
${o.message ? html`<p class="notice" role="status">${o.message}</p>` : ''}
${o.error ? html`<p class="field-error" role="alert">${o.error}</p>` : ''}
${
  o.message || o.error
    ? html`<p><a href="${localPath(ctx.lang, '/newsletter')}">${ctx.t('newsletter.page.title')}</a></p>`
    : html`<p>${o.intro}</p>
<form method="post" action="${o.action}">
  ${csrfInput(o.csrf)}
  <input type="hidden" name="token" value="${o.token}">
  <button type="submit">${o.button}</button>
</form>`
}`;
}

/** An edition as a web page (the email's web view and the archive's pages). */
export function editionPageView(ctx: PageContext, model: MailModel, lang: Lang): SafeHtml {
  return html`<article class="newsletter-edition" lang="${lang}">
<h1>${model.subject}</h1>
${model.intro.map((p) => html`<p>${p}</p>`)}
<ul class="newsletter-stories">
${model.items.map(
  (item) => html`<li><h2><a href="${new URL(item.url).pathname}">${item.title}</a></h2>
${item.date ? html`<p class="meta">${formatDate(lang, item.date)}</p>` : ''}
<p>${item.text}</p></li>`,
)}
</ul>
<p><a href="${localPath(ctx.lang, '/newsletter')}">${ctx.t('newsletter.archive.title')}</a></p>
</article>`;
}
