/**
 * The `newsletter.plan` job, run every minute and when a story is published: account holders' rows
 * follow their preference; every active subscriber whose digest is due and whose window holds stories
 * of their language and topics gets one ledger row (issue `digest:<frequency>:<window end>`) with their
 * cursor moved in the same transaction. A daily digest also carries its reader's daily saved-search
 * alerts (and is due when only they have news); each other saved search with an alert that is due
 * gets one row (`alert:<id>:<window end>`) when it has new matches, its cursor moved likewise (no
 * match: the window stays open). Scheduled editions whose time has come on the portal's clock are
 * started. Planning twice plans nothing new.
 */
import { newsletterMember, newsletterMembers } from '../accounts/public.ts';
import { storiesPublishedBetween } from '../catalog/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { type AlertingSearch, alertingSearches, newMatches } from '../search/public.ts';
import { alertSections, dailyAlertsOf } from './compose.ts';
import type { NewsletterContext } from './context.ts';
import { newsletterDb } from './db.ts';
import { dueEditionIds } from './editions.ts';
import { type PlannedMessage, planMessages } from './ledger.ts';
import { alertDue, digestDue, storiesFor } from './rules.ts';
import { activeSubscribers, setCursors, syncMembers } from './subscribers.ts';

export async function planDigests(ctx: NewsletterContext): Promise<number> {
  const now = ctx.now();
  await syncMembers(ctx.db, await newsletterMembers(ctx.db), now);
  const subscribers = (await activeSubscribers(ctx.db)).filter((s) =>
    digestDue(s.frequency, s.lastDigestAt ?? s.cursorAt ?? now, now),
  );
  if (subscribers.length === 0) return 0;
  const earliest = new Date(Math.min(...subscribers.map((s) => (s.cursorAt ?? now).getTime())));
  const stories = await storiesPublishedBetween(ctx.db, earliest, now);
  // A daily digest carries its reader's daily saved-search alerts: due too when only they have news.
  const alerts = new Map<string, AlertingSearch[]>();
  for (const s of subscribers)
    if (s.frequency === 'daily' && s.userId) {
      const searches = await dailyAlertsOf(ctx, s.userId);
      if (searches.length > 0) alerts.set(s.id, searches);
    }
  const due: typeof subscribers = [];
  for (const s of subscribers) {
    const from = s.cursorAt ?? now;
    if (storiesFor(stories, s, from, now).length > 0) due.push(s);
    else if ((await alertSections(ctx, s.language, alerts.get(s.id) ?? [], from, now)).length > 0)
      due.push(s);
  }
  if (due.length === 0) return 0;
  const messages: PlannedMessage[] = due.map((s) => ({
    issueKey: `digest:${s.frequency}:${now.toISOString()}`,
    kind: 'digest',
    recipient: s.email,
    language: s.language,
    subscriberId: s.id,
    userId: s.userId,
    windowFrom: s.cursorAt ?? now,
    windowTo: now,
    topics: s.topics,
  }));
  const carried = due.flatMap((s) => (alerts.get(s.id) ?? []).map((a) => a.id));
  return ctx.db.transaction().execute(async (trx) => {
    const added = await planMessages(trx, messages, now);
    await setCursors(
      trx,
      due.map((s) => s.id),
      now,
    );
    // The alerts a digest carries are covered up to now (planAlerts leaves them to the digest).
    for (const id of carried) await moveAlertCursor(trx, id, now);
    return added;
  });
}

async function moveAlertCursor(db: AnyDb, savedSearchId: string, to: Date): Promise<void> {
  await newsletterDb(db)
    .insertInto('newsletter_alert_cursors')
    .values({ saved_search_id: savedSearchId, checked_until: to })
    .onConflict((oc) => oc.column('saved_search_id').doUpdateSet({ checked_until: to }))
    .execute();
}

export async function planAlerts(ctx: NewsletterContext): Promise<number> {
  const now = ctx.now();
  // Daily alerts of a reader of the daily digest travel in it (planDigests), not on their own.
  const dailyReaders = new Set(
    (await activeSubscribers(ctx.db)).flatMap((s) => (s.frequency === 'daily' && s.userId ? [s.userId] : [])),
  );
  const searches = (await alertingSearches(ctx.db)).filter(
    (s) => !(s.alert === 'daily' && dailyReaders.has(s.userId)),
  );
  if (searches.length === 0) return 0;
  const db = newsletterDb(ctx.db);
  const cursors = new Map(
    (
      await db.selectFrom('newsletter_alert_cursors').select(['saved_search_id', 'checked_until']).execute()
    ).map((r) => [r.saved_search_id, new Date(r.checked_until)]),
  );
  const members = new Map(
    (
      await newsletterMembersByIds(
        ctx,
        searches.map((s) => s.userId),
      )
    ).map((m) => [m.id, m]),
  );
  let added = 0;
  for (const saved of searches) {
    const since = cursors.get(saved.id) ?? saved.createdAt;
    if (!alertDue(saved.alert, since, now)) continue;
    const member = members.get(saved.userId);
    const items = member ? await newMatches(ctx.db, saved, since, now, ctx.publicAccess) : [];
    // Nothing new: the window stays open (the next email covers it); a sent alert moves it on.
    if (!member || items.length === 0) continue;
    added += await ctx.db.transaction().execute(async (trx) => {
      const n = await planMessages(
        trx,
        [
          {
            issueKey: `alert:${saved.id}:${now.toISOString()}`,
            kind: 'alert',
            recipient: member.email,
            language: saved.lang,
            userId: member.id,
            savedSearchId: saved.id,
            windowFrom: since,
            windowTo: now,
          },
        ],
        now,
      );
      await moveAlertCursor(trx, saved.id, now);
      return n;
    });
  }
  return added;
}

async function newsletterMembersByIds(ctx: NewsletterContext, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => newsletterMember(ctx.db, id)));
  return found.filter((m) => m !== null);
}

/**
 * Scheduled editions due by the portal's clock: their job (which may also wait in the queue for the
 * wall-clock time) is started now; starting one twice plans nothing twice (`startSending`).
 */
export async function startDueEditions(ctx: NewsletterContext): Promise<number> {
  const due = await dueEditionIds(ctx.db, ctx.now());
  for (const editionId of due) {
    await ctx.jobs.send('newsletter.edition', { editionId }, { singletonKey: `edition:${editionId}` });
    ctx.jobs.wake('newsletter.edition');
  }
  return due.length;
}

export function planHandler(ctx: NewsletterContext) {
  return async () => {
    await startDueEditions(ctx);
    const digests = await planDigests(ctx);
    const alerts = await planAlerts(ctx);
    if (digests + alerts > 0) {
      ctx.log.info({ digests, alerts }, 'newsletter messages planned');
    }
    await ctx.jobs.send('newsletter.send', {}, { singletonKey: 'send' });
    ctx.jobs.wake('newsletter.send');
  };
}
