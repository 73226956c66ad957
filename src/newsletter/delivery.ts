/**
 * The `newsletter.send` job: claims the ledger's due messages one at a time (on NEWSLETTER_PARALLEL
 * lanes) and sends each through the mail port at NEWSLETTER_RATE at most. Recorded before (claimed: `sending`) and after (`sent`): a
 * process killed between the two leaves a row that is settled as `uncertain` and never sent again.
 * A transient refusal (4xx, a dropped connection) is retried later with back-off; a permanent one (5xx)
 * stops mail to the address (shown in the back office).
 */
import { isPermanentMailFailure } from '../platform/mail/index.ts';
import { type ComposeRun, composeRow, createComposeRun } from './compose.ts';
import type { NewsletterContext } from './context.ts';
import {
  claimNext,
  type LedgerRow,
  markBouncedRows,
  markFailed,
  markRetry,
  markSent,
  markSkipped,
  settleInterrupted,
} from './ledger.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './rules.ts';
import { markBounced } from './subscribers.ts';

/** How long a claim may stay `sending` before a server-mode worker settles it (no send takes this long). */
export const CLAIM_STALE_MS = 10 * 60_000;

function errorText(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; message?: string };
  return e.response ?? e.message ?? String(error);
}

export function sendHandler(ctx: NewsletterContext) {
  return async (_data: unknown, job: { signal: AbortSignal }) => {
    const settled = await settleInterrupted(ctx.db, new Date(ctx.now().getTime() - CLAIM_STALE_MS));
    if (settled > 0)
      ctx.log.warn({ messages: settled }, 'newsletter messages interrupted mid-send: not sent again');
    const interval = ctx.ratePerSecond > 0 ? 1000 / ctx.ratePerSecond : 0;
    const run = createComposeRun();
    const started = Date.now();
    let count = 0;
    // NEWSLETTER_PARALLEL lanes, each claiming and sending one message at a time: as many messages in
    // flight (and at most as many left `uncertain` by a kill) as lanes.
    const lane = async () => {
      while (!job.signal.aborted) {
        const row = await claimNext(ctx.db, ctx.now());
        if (!row) return;
        count += 1;
        // The configured rate, over every lane: the n-th message not before n intervals from the start.
        const slot = started + count * interval;
        await deliver(ctx, run, row);
        const wait = slot - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, ctx.parallel) }, lane));
  };
}

/** Composes and sends one claimed row, and records what came of it. */
async function deliver(ctx: NewsletterContext, run: ComposeRun, row: LedgerRow): Promise<void> {
  let message: Awaited<ReturnType<typeof composeRow>>;
  try {
    message = await composeRow(ctx, row, run);
  } catch (error) {
    ctx.log.error({ err: error, message: row.id }, 'newsletter message could not be composed');
    await markRetry(
      ctx.db,
      row.id,
      errorText(error),
      new Date(ctx.now().getTime() + retryDelayMs(row.attempts)),
    );
    return;
  }
  if (!message) {
    await markSkipped(ctx.db, row.id);
    return;
  }
  try {
    await ctx.mail.send(message);
    await markSent(ctx.db, row.id, ctx.now());
  } catch (error) {
    const text = errorText(error);
    if (isPermanentMailFailure(error)) {
      await markBouncedRows(ctx.db, row.id, row.recipientKey, text);
      await markBounced(ctx.db, row.recipientKey, text, ctx.now());
      ctx.log.warn({ message: row.id, reason: text }, 'newsletter address refused for good');
    } else if (row.attempts >= MAX_ATTEMPTS) {
      await markFailed(ctx.db, row.id, text);
    } else {
      await markRetry(ctx.db, row.id, text, new Date(ctx.now().getTime() + retryDelayMs(row.attempts)));
    }
  }
}
