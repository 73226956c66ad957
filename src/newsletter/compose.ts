/**
 * The message of one ledger row (digest, special edition, saved-search alert), composed when it is
 * sent from what the row records (window, language, topics, edition, search), plus the confirmation
 * email and an edition's preview. Null means there is nothing to say (no story left in the window, an
 * alert turned off): the row is skipped, nothing is sent.
 */
import {
  latestPublishedStories,
  type NewsletterStory,
  posterUrl,
  publishedStoriesBySlug,
  storiesPublishedBetween,
} from '../catalog/public.ts';
import type { MailMessage } from '../platform/mail/index.ts';
import { type AlertingSearch, alertingSearch, alertingSearches, newMatches } from '../search/public.ts';
import { formatDate, type Lang, translate } from '../web/i18n/index.ts';
import type { NewsletterContext } from './context.ts';
import { type Edition, getEdition } from './editions.ts';
import { createMailRenderer, type MailItem, type MailModel, type RenderedMail, renderMail } from './email.ts';
import type { LedgerRow } from './ledger.ts';
import { storiesFor } from './rules.ts';
import { unsubscribeToken } from './tokens.ts';

export const EDITION_DEFAULT_STORIES = 5;
/** How long a send run reuses what many rows share (an edition's stories, a digest window's). */
const SHARED_FOR_MS = 60_000;
const SHARED_KEPT = 64;

/**
 * What the rows of one run of the send job share: an edition and its stories per language, a digest
 * window's stories, each read at most once a minute, and the mail renderer that inlines a shared
 * HTML document once (email.ts). Without it every row reads and renders its mail alone.
 */
export interface ComposeRun {
  shared<T>(key: string, read: () => Promise<T>): Promise<T>;
  render(model: MailModel): RenderedMail;
}

export function createComposeRun(): ComposeRun {
  const kept = new Map<string, { at: number; value: Promise<unknown> }>();
  return {
    shared<T>(key: string, read: () => Promise<T>): Promise<T> {
      const hit = kept.get(key);
      if (hit && Date.now() - hit.at < SHARED_FOR_MS) return hit.value as Promise<T>;
      if (kept.size >= SHARED_KEPT) kept.clear();
      const value = read();
      kept.set(key, { at: Date.now(), value });
      value.catch(() => kept.delete(key));
      return value;
    },
    render: createMailRenderer(),
  };
}

/** A run that shares nothing: one row composed alone. */
const ALONE: ComposeRun = {
  shared: (_key, read) => read(),
  render: renderMail,
};

function absolute(ctx: Pick<NewsletterContext, 'publicUrl'>, path: string): string {
  return new URL(path, ctx.publicUrl).href;
}

function storyItem(ctx: Pick<NewsletterContext, 'publicUrl'>, story: NewsletterStory): MailItem {
  return {
    title: story.title,
    text: story.standfirst,
    url: absolute(ctx, `/${story.language}/stories/${encodeURIComponent(story.slug)}`),
    imageUrl: story.videoId ? absolute(ctx, posterUrl(story.videoId)) : null,
    date: story.publishedAt,
  };
}

export function unsubscribeUrl(
  ctx: Pick<NewsletterContext, 'publicUrl' | 'secret'>,
  kind: 's' | 'a',
  id: string,
): string {
  return absolute(ctx, `/api/v1/newsletter/unsubscribe?token=${unsubscribeToken(ctx.secret, kind, id)}`);
}

/** The page a reader opens from the email's footer link (a button that posts). */
export function unsubscribePageUrl(
  ctx: Pick<NewsletterContext, 'publicUrl' | 'secret'>,
  lang: Lang,
  kind: 's' | 'a',
  id: string,
): string {
  return absolute(ctx, `/${lang}/newsletter/unsubscribe?token=${unsubscribeToken(ctx.secret, kind, id)}`);
}

function listHeaders(
  ctx: NewsletterContext,
  rowId: string,
  unsubscribe: string | null,
): Record<string, string> {
  const host = new URL(ctx.publicUrl).hostname;
  return {
    'Message-ID': `<${rowId}@${host}>`,
    'List-Id': `Broadcast Portal newsletter <newsletter.${host}>`,
    ...(unsubscribe
      ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : {}),
  };
}

/** The stories an edition shows in a language (its own list, or the latest published). */
export async function editionStories(
  ctx: NewsletterContext,
  edition: Edition,
  lang: Lang,
): Promise<NewsletterStory[]> {
  return edition.storySlugs.length > 0
    ? publishedStoriesBySlug(ctx.db, edition.storySlugs, lang, ctx.now())
    : latestPublishedStories(ctx.db, lang, ctx.now(), EDITION_DEFAULT_STORIES);
}

export async function editionModel(
  ctx: NewsletterContext,
  edition: Edition,
  lang: Lang,
  unsubscribe: string | null,
  run: ComposeRun = ALONE,
): Promise<MailModel> {
  const stories = await run.shared(`edition-stories:${edition.id}:${lang}`, () =>
    editionStories(ctx, edition, lang),
  );
  return editionMailModel(ctx, edition, lang, stories, unsubscribe);
}

/** Pure: an edition's email in a language, from its stories. */
export function editionMailModel(
  ctx: Pick<NewsletterContext, 'publicUrl' | 'now'>,
  edition: Edition,
  lang: Lang,
  stories: readonly NewsletterStory[],
  unsubscribe: string | null,
): MailModel {
  const day = formatDate(lang, edition.sentAt ?? edition.scheduledAt ?? ctx.now());
  const intro = edition.intro[lang]
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    language: lang,
    subject: translate(lang, 'newsletter.mail.edition.subject', { date: day }),
    preheader: intro[0] ?? stories[0]?.title ?? '',
    heading: translate(lang, 'newsletter.mail.edition.heading'),
    intro,
    items: stories.map((s) => storyItem(ctx, s)),
    webViewUrl: absolute(ctx, `/${lang}/newsletter/editions/${edition.id}`),
    why: translate(lang, 'newsletter.mail.why'),
    unsubscribe: unsubscribe
      ? { text: translate(lang, 'newsletter.mail.unsubscribe'), url: unsubscribe }
      : null,
  };
}

export function digestModel(
  ctx: Pick<NewsletterContext, 'publicUrl'>,
  lang: Lang,
  stories: readonly NewsletterStory[],
  unsubscribe: string | null,
  sections: { heading: string; items: MailItem[] }[] = [],
): MailModel {
  const count = stories.length + sections.reduce((n, s) => n + s.items.length, 0);
  return {
    language: lang,
    subject: translate(lang, 'newsletter.mail.digest.subject', { count }),
    preheader: [...stories.map((s) => s.title), ...sections.flatMap((s) => s.items.map((i) => i.title))]
      .join(' · ')
      .slice(0, 140),
    heading: translate(lang, 'newsletter.mail.digest.heading'),
    intro: [translate(lang, 'newsletter.mail.digest.intro')],
    items: stories.map((s) => storyItem(ctx, s)),
    sections,
    why: translate(lang, 'newsletter.mail.why'),
    unsubscribe: unsubscribe
      ? { text: translate(lang, 'newsletter.mail.unsubscribe'), url: unsubscribe }
      : null,
  };
}

/** A saved search's new items as email items (snippets carry <mark> only: the email shows their words). */
function alertItems(
  ctx: Pick<NewsletterContext, 'publicUrl'>,
  lang: Lang,
  items: Awaited<ReturnType<typeof newMatches>>,
): MailItem[] {
  return items.map((item) => ({
    title: item.title,
    text: item.snippet.replace(/<\/?mark>/g, ''),
    url: absolute(ctx, item.url),
    date: new Date(item.publishedAt),
    action: translate(lang, 'newsletter.mail.read'),
  }));
}

/** An account holder's saved searches with a daily alert: a daily digest carries them (no email of their own). */
export async function dailyAlertsOf(ctx: NewsletterContext, userId: string): Promise<AlertingSearch[]> {
  return (await alertingSearches(ctx.db)).filter((s) => s.userId === userId && s.alert === 'daily');
}

/** The daily alerts' sections of a digest window (only the searches with new items). */
export async function alertSections(
  ctx: NewsletterContext,
  lang: Lang,
  searches: readonly AlertingSearch[],
  from: Date,
  to: Date,
): Promise<{ heading: string; items: MailItem[] }[]> {
  const sections: { heading: string; items: MailItem[] }[] = [];
  for (const saved of searches) {
    const items = await newMatches(ctx.db, saved, from, to, ctx.publicAccess);
    if (items.length > 0)
      sections.push({
        heading: translate(lang, 'newsletter.mail.alert.heading', { name: saved.name }),
        items: alertItems(ctx, lang, items),
      });
  }
  return sections;
}

async function digestMessage(
  ctx: NewsletterContext,
  row: LedgerRow,
  run: ComposeRun,
): Promise<MailModel | null> {
  const { windowFrom: from, windowTo: to } = row;
  if (!from || !to || !row.subscriberId) return null;
  const all = await run.shared(`window:${from.toISOString()}:${to.toISOString()}`, () =>
    storiesPublishedBetween(ctx.db, from, to),
  );
  const stories = storiesFor(all, { language: row.language, topics: row.topics }, from, to);
  // A daily digest of an account holder carries their daily saved-search alerts.
  const sections =
    row.userId && row.issueKey.startsWith('digest:daily:')
      ? await alertSections(ctx, row.language, await dailyAlertsOf(ctx, row.userId), from, to)
      : [];
  if (stories.length === 0 && sections.length === 0) return null;
  return digestModel(
    ctx,
    row.language,
    stories,
    unsubscribePageUrl(ctx, row.language, 's', row.subscriberId),
    sections,
  );
}

async function alertMessage(ctx: NewsletterContext, row: LedgerRow): Promise<MailModel | null> {
  if (!row.savedSearchId || !row.windowFrom || !row.windowTo) return null;
  const saved = await alertingSearch(ctx.db, row.savedSearchId);
  if (!saved) return null;
  const items = await newMatches(ctx.db, saved, row.windowFrom, row.windowTo, ctx.publicAccess);
  if (items.length === 0) return null;
  return alertModel(ctx, row.language, saved, items);
}

/** Pure: a saved search's alert email in a language, from its new items. */
export function alertModel(
  ctx: Pick<NewsletterContext, 'publicUrl' | 'secret'>,
  lang: Lang,
  saved: Pick<AlertingSearch, 'id' | 'name' | 'query'>,
  items: Awaited<ReturnType<typeof newMatches>>,
): MailModel {
  return {
    language: lang,
    subject: translate(lang, 'newsletter.mail.alert.subject', { name: saved.name, count: items.length }),
    preheader: items
      .map((i) => i.title)
      .join(' · ')
      .slice(0, 140),
    heading: translate(lang, 'newsletter.mail.alert.heading', { name: saved.name }),
    intro: [translate(lang, 'newsletter.mail.alert.intro', { query: saved.query })],
    items: alertItems(ctx, lang, items),
    more: {
      text: translate(lang, 'newsletter.mail.alert.all'),
      url: absolute(ctx, `/${lang}/search?q=${encodeURIComponent(saved.query)}&sort=date`),
    },
    why: translate(lang, 'newsletter.mail.alert.why'),
    unsubscribe: {
      text: translate(lang, 'newsletter.mail.alert.stop'),
      url: unsubscribePageUrl(ctx, lang, 'a', saved.id),
    },
  };
}

/** The email of a ledger row, or null when there is nothing to send. */
export async function composeRow(
  ctx: NewsletterContext,
  row: LedgerRow,
  run: ComposeRun = ALONE,
): Promise<MailMessage | null> {
  let model: MailModel | null = null;
  let oneClick: string | null = null;
  if (row.kind === 'digest') {
    model = await digestMessage(ctx, row, run);
    oneClick = row.subscriberId ? unsubscribeUrl(ctx, 's', row.subscriberId) : null;
  } else if (row.kind === 'edition') {
    const editionId = row.editionId;
    const edition = editionId
      ? await run.shared(`edition:${editionId}`, () => getEdition(ctx.db, editionId))
      : null;
    const page = row.subscriberId ? unsubscribePageUrl(ctx, row.language, 's', row.subscriberId) : null;
    model = edition ? await editionModel(ctx, edition, row.language, page, run) : null;
    oneClick = row.subscriberId ? unsubscribeUrl(ctx, 's', row.subscriberId) : null;
  } else {
    model = await alertMessage(ctx, row);
    oneClick = row.savedSearchId ? unsubscribeUrl(ctx, 'a', row.savedSearchId) : null;
  }
  if (!model) return null;
  const mail = run.render(model);
  return { to: row.recipient, language: row.language, ...mail, headers: listHeaders(ctx, row.id, oneClick) };
}

export function confirmMessage(
  ctx: Pick<NewsletterContext, 'publicUrl'>,
  to: string,
  lang: Lang,
  token: string,
): MailMessage {
  const url = absolute(ctx, `/${lang}/newsletter/confirm?token=${token}`);
  const model: MailModel = {
    language: lang,
    subject: translate(lang, 'newsletter.mail.confirm.subject'),
    preheader: translate(lang, 'newsletter.mail.confirm.subject'),
    heading: translate(lang, 'newsletter.confirm.title'),
    intro: [translate(lang, 'newsletter.mail.confirm.body')],
    items: [
      {
        title: translate(lang, 'newsletter.confirm.button'),
        text: '',
        url,
        action: translate(lang, 'newsletter.confirm.button'),
      },
    ],
    why: translate(lang, 'newsletter.mail.confirm.ignore'),
  };
  return { to, language: lang, ...renderMail(model) };
}
