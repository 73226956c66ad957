/**
 * The newsletter's other durable jobs: a special edition whose time has come (its ledger rows, one per
 * active subscriber in their language, planned idempotently, then `sent`), and the confirmation email
 * of a pending sign-up (a new token made in the job, so no secret waits in a job payload).
 */

import { newsletterMembers } from '../accounts/public.ts';
import { confirmMessage } from './compose.ts';
import type { NewsletterContext } from './context.ts';
import { getEdition, markEditionSent, startSending } from './editions.ts';
import { planMessages } from './ledger.ts';
import { activeSubscribers, pendingSubscriber, setConfirmToken, syncMembers } from './subscribers.ts';
import { newConfirmToken } from './tokens.ts';

export const CONFIRM_VALID_MS = 7 * 24 * 3_600_000;

export function editionHandler(ctx: NewsletterContext) {
  return async (data: { editionId: string }) => {
    const now = ctx.now();
    await startSending(ctx.db, data.editionId, now);
    const edition = await getEdition(ctx.db, data.editionId);
    // Moved to a later time (another job waits for it), or already planned and sent.
    if (edition?.status !== 'sending') return;
    await syncMembers(ctx.db, await newsletterMembers(ctx.db), now);
    const subscribers = await activeSubscribers(ctx.db);
    await planMessages(
      ctx.db,
      subscribers.map((s) => ({
        issueKey: `edition:${edition.id}`,
        kind: 'edition' as const,
        recipient: s.email,
        language: s.language,
        subscriberId: s.id,
        userId: s.userId,
        editionId: edition.id,
      })),
      now,
    );
    await markEditionSent(ctx.db, edition.id);
    await ctx.jobs.send('newsletter.send', {}, { singletonKey: 'send' });
    ctx.jobs.wake('newsletter.send');
  };
}

export function confirmHandler(ctx: NewsletterContext) {
  return async (data: { subscriberId: string; lang: 'fr' | 'en' }) => {
    const subscriber = await pendingSubscriber(ctx.db, data.subscriberId);
    if (!subscriber) return;
    const { token, hash } = newConfirmToken();
    await setConfirmToken(ctx.db, subscriber.id, hash, new Date(ctx.now().getTime() + CONFIRM_VALID_MS));
    await ctx.mail.send(confirmMessage(ctx, subscriber.email, subscriber.language, token));
  };
}
