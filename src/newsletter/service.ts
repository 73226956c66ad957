/**
 * The newsletter's operations as routes call them: sign-up by address (the same answer whatever the
 * address), confirmation, one-click unsubscribe, a signed-in user's subscription, and the editors'
 * special editions (create, preview, test, send now or at a time). Checks here, SQL in the stores.
 */
import { newsletterMember, setNewsletterPreference } from '../accounts/public.ts';
import { latestPublishedStories, listTopics, publishedStoriesBySlug } from '../catalog/public.ts';
import { stopAlert } from '../search/public.ts';
import { type Lang, translate } from '../web/i18n/index.ts';
import { EDITION_DEFAULT_STORIES, editionModel } from './compose.ts';
import type { NewsletterContext } from './context.ts';
import {
  type Edition,
  type EditionProblem,
  getEdition,
  insertEdition,
  listEditions,
  parseEditionInput,
  scheduleEdition,
} from './editions.ts';
import { renderMail } from './email.ts';
import { type EditionStats, editionStats } from './ledger.ts';
import { normaliseEmail, parseChoice, type SubscriptionChoice, type SubscriptionProblem } from './rules.ts';
import {
  confirmByTokenHash,
  requestSubscription,
  saveMemberSubscription,
  subscriberOfUser,
  unsubscribe,
} from './subscribers.ts';
import type { Frequency } from './tables.ts';
import { hashToken, isTokenShaped, readUnsubscribeToken } from './tokens.ts';

export type SignUpInput = { email?: unknown; language?: unknown; frequency?: unknown; topics?: unknown };

export interface AccountSubscription {
  language: Lang;
  frequency: Frequency | 'off';
  topics: string[];
  email: string;
}

export type EditionView = Edition & EditionStats;

export function createNewsletterService(ctx: NewsletterContext) {
  const knownTopics = async () => new Set((await listTopics(ctx.db)).map((t) => t.slug));

  async function withStats(editions: Edition[]): Promise<EditionView[]> {
    const stats = await editionStats(
      ctx.db,
      editions.map((e) => e.id),
    );
    return editions.map((e) => ({ ...e, ...(stats.get(e.id) ?? { recipients: 0, sent: 0, failed: 0 }) }));
  }

  return {
    knownTopics,

    /** Same answer for every valid address; the job mails a link only to a pending one. */
    async signUp(
      input: SignUpInput,
      pageLang: Lang,
    ): Promise<{ ok: true } | { ok: false; problem: SubscriptionProblem }> {
      const address = normaliseEmail(input.email);
      if (!address) return { ok: false, problem: 'email' };
      const parsed = parseChoice(input, await knownTopics());
      if (!parsed.ok) return parsed;
      const now = ctx.now();
      const consent = translate(pageLang, 'newsletter.consent');
      const id = await requestSubscription(ctx.db, address, parsed.choice, consent, now);
      await ctx.jobs.send('newsletter.confirm', { subscriberId: id, lang: pageLang });
      return { ok: true };
    },

    async confirm(token: unknown): Promise<boolean> {
      if (!isTokenShaped(token)) return false;
      return confirmByTokenHash(ctx.db, hashToken(token), ctx.now());
    },

    /** One-click: a valid signed link always succeeds (already unsubscribed, or gone, is done too). */
    async unsubscribe(token: unknown): Promise<boolean> {
      const read = readUnsubscribeToken(ctx.secret, token);
      if (!read) return false;
      if (read.kind === 'a') {
        await stopAlert(ctx.db, read.id);
        return true;
      }
      const outcome = await unsubscribe(ctx.db, read.id, ctx.now());
      if (outcome.userId) await setNewsletterPreference(ctx.db, outcome.userId, false);
      return true;
    },

    async subscriptionOf(userId: string): Promise<AccountSubscription | null> {
      const member = await newsletterMember(ctx.db, userId);
      if (!member) return null;
      const row = await subscriberOfUser(ctx.db, userId);
      const on = member.newsletter && row?.status !== 'bounced';
      return {
        email: member.email,
        language: row?.language ?? member.language,
        frequency: on ? (row?.frequency ?? 'daily') : 'off',
        topics: row?.topics ?? [],
      };
    },

    async saveSubscription(
      userId: string,
      input: SignUpInput,
    ): Promise<
      | { ok: true; subscription: AccountSubscription }
      | { ok: false; problem: SubscriptionProblem | 'account' }
    > {
      const member = await newsletterMember(ctx.db, userId);
      if (!member) return { ok: false, problem: 'account' };
      const off = input.frequency === 'off';
      let choice: SubscriptionChoice | null = null;
      if (!off) {
        const parsed = parseChoice(input, await knownTopics());
        if (!parsed.ok) return parsed;
        choice = parsed.choice;
      } else if (input.language !== undefined && input.language !== 'fr' && input.language !== 'en') {
        return { ok: false, problem: 'language' };
      }
      await ctx.db.transaction().execute(async (trx) => {
        await setNewsletterPreference(trx, userId, !off);
        await saveMemberSubscription(trx, { ...member, newsletter: !off }, choice, ctx.now());
      });
      const subscription = await this.subscriptionOf(userId);
      return subscription ? { ok: true, subscription } : { ok: false, problem: 'account' };
    },

    async createEdition(
      input: { intro?: { fr?: unknown; en?: unknown } | null; stories?: unknown },
      userId: string | null,
    ): Promise<
      { ok: true; edition: EditionView } | { ok: false; problem: EditionProblem; slugs?: string[] }
    > {
      const parsed = parseEditionInput(input);
      if (!parsed.ok) return parsed;
      const now = ctx.now();
      let slugs = parsed.slugs;
      if (slugs) {
        const [fr, en] = await Promise.all([
          publishedStoriesBySlug(ctx.db, slugs, 'fr', now),
          publishedStoriesBySlug(ctx.db, slugs, 'en', now),
        ]);
        const found = new Set([...fr, ...en].map((s) => s.slug));
        const missing = slugs.filter((s) => !found.has(s));
        if (missing.length > 0) return { ok: false, problem: 'stories', slugs: missing };
      } else {
        const [fr, en] = await Promise.all([
          latestPublishedStories(ctx.db, 'fr', now, EDITION_DEFAULT_STORIES),
          latestPublishedStories(ctx.db, 'en', now, EDITION_DEFAULT_STORIES),
        ]);
        slugs = [...new Set([...fr, ...en].map((s) => s.slug))];
      }
      const edition = await insertEdition(ctx.db, { intro: parsed.intro, slugs, createdBy: userId, now });
      const [view] = await withStats([edition]);
      return { ok: true, edition: view as EditionView };
    },

    async editions(): Promise<EditionView[]> {
      return withStats(await listEditions(ctx.db));
    },

    async edition(id: string): Promise<EditionView | null> {
      const edition = await getEdition(ctx.db, id);
      return edition ? ((await withStats([edition]))[0] ?? null) : null;
    },

    /** Sent editions, newest first (the public archive). */
    async archive(): Promise<Edition[]> {
      return listEditions(ctx.db, { sentOnly: true, limit: 50 });
    },

    /** Now (no `at`) or at a later time; the durable job waits in the database either way. */
    async send(id: string, at: Date | null): Promise<'ok' | 'not_found' | 'already_sent' | 'past'> {
      const now = ctx.now();
      const when = at ?? now;
      if (at && at.getTime() < now.getTime() - 60_000) return 'past';
      const edition = await getEdition(ctx.db, id);
      if (!edition) return 'not_found';
      if (!(await scheduleEdition(ctx.db, id, when))) return 'already_sent';
      await ctx.jobs.send('newsletter.edition', { editionId: id }, when > now ? { startAfter: when } : {});
      return 'ok';
    },

    /** The edition's email in a language, as a reader would get it. */
    async preview(edition: Edition, lang: Lang) {
      return renderMail(await editionModel(ctx, edition, lang, null));
    },

    /** A test sent now to the editor (not in the ledger: tests do not count as an issue sent). */
    async test(edition: Edition, to: string, lang: Lang): Promise<void> {
      const mail = await this.preview(edition, lang);
      await ctx.mail.send({
        to,
        language: lang,
        ...mail,
        subject: translate(lang, 'newsletter.mail.test.subject', { subject: mail.subject }),
      });
    },
  };
}

export type NewsletterService = ReturnType<typeof createNewsletterService>;
