/**
 * The `newsletter.send` job: on each of NEWSLETTER_PARALLEL lanes, claims a batch of the ledger's due
 * messages and sends them one at a time through the mail port, at NEWSLETTER_RATE at most over all
 * lanes. Each message's hand-over is recorded in the run's hand-over journal in the same synchronous
 * step as its end-of-data mark (the mail port's `atHandOver`; hand-over-journal.ts), and its row is
 * marked `sent` once the relay has answered. A process killed at any moment leaves either a
 * `sending` claim no journal records, never handed over (queued again: at the next start on the
 * embedded database, after CLAIM_STALE_MS on a server), or one a journal records, whose message went
 * whole to the relay (made `sent` by recovery): each message once. A transient refusal (4xx, a
 * dropped connection) is retried later with back-off; a permanent one (5xx) stops mail to the
 * address (shown in the back office); a reply lost after the hand-over leaves the row `uncertain`
 * (never sent twice).
 */
import { isPermanentMailFailure, isUnknownMailOutcome } from '../platform/mail/index.ts';
import { type ComposeRun, composeRow, createComposeRun } from './compose.ts';
import type { NewsletterContext } from './context.ts';
import type { HandOverJournal } from './hand-over-journal.ts';
import {
  claimDue,
  type LedgerRow,
  markBouncedRows,
  markFailed,
  markHandedOver,
  markRetry,
  markSent,
  markSkipped,
  markUncertain,
  releaseClaims,
  requeueInterrupted,
} from './ledger.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './rules.ts';
import { markBounced } from './subscribers.ts';

/** How long a claim may stay `sending` before a server-mode worker queues it again (no batch takes this long). */
export const CLAIM_STALE_MS = 10 * 60_000;
/** Rows a lane claims at once: one claim query for many messages; fewer when paced (claims held while
 * waiting for a slot only delay other workers). */
const CLAIM_BATCH = 25;
const PACED_CLAIM_BATCH = 5;

function errorText(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; message?: string };
  return e.response ?? e.message ?? String(error);
}

/**
 * Settles what stopped runs left: first the `sending` rows their hand-over journals record (`sent`),
 * then the other claims made before `claimedBefore` (queued again). `all`: the embedded database,
 * where every journal not open here is a dead run's.
 */
export async function recoverInterrupted(
  ctx: NewsletterContext,
  claimedBefore: Date,
  all: boolean,
): Promise<void> {
  const now = ctx.now();
  const settled = await ctx.handOvers.recover((records) => markHandedOver(ctx.db, records, now), {
    all,
    staleMs: CLAIM_STALE_MS,
    now,
  });
  if (settled > 0)
    ctx.log.warn({ messages: settled }, 'newsletter messages handed over before a stop: recorded as sent');
  const requeued = await requeueInterrupted(ctx.db, claimedBefore);
  if (requeued > 0)
    ctx.log.warn(
      { messages: requeued },
      'newsletter messages interrupted before their hand-over: queued again',
    );
}

export function sendHandler(ctx: NewsletterContext) {
  return async (_data: unknown, job: { signal: AbortSignal }) => {
    await recoverInterrupted(ctx, new Date(ctx.now().getTime() - CLAIM_STALE_MS), false);
    const interval = ctx.ratePerSecond > 0 ? 1000 / ctx.ratePerSecond : 0;
    const run = createComposeRun();
    const journal = await ctx.handOvers.open();
    const recordSent = sentRecorder(ctx);
    const started = Date.now();
    let count = 0;
    const lane = async () => {
      while (!job.signal.aborted) {
        const rows = await claimDue(ctx.db, ctx.now(), interval > 0 ? PACED_CLAIM_BATCH : CLAIM_BATCH);
        if (rows.length === 0) return;
        let next = 0;
        try {
          for (; next < rows.length && !job.signal.aborted; next += 1) {
            count += 1;
            // The configured rate, over every lane: the n-th message not before n intervals from the start.
            const slot = started + count * interval;
            await deliver(ctx, run, journal, recordSent, rows[next]!);
            const wait = slot - Date.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
        } finally {
          await releaseClaims(
            ctx.db,
            rows.slice(next).map((row) => row.id),
          );
        }
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, ctx.parallel) }, lane));
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    // Once every lane is done, every row the journal records has its final state in the ledger (a
    // lane awaits its row's record), unless a lane or a record failed: then the journal is kept.
    await journal.close({ keep: failed !== undefined || !recordSent.complete });
    if (failed) throw failed.reason;
  };
}

/**
 * Records messages the relay took in groups: a lane whose message is taken while a record is being
 * written waits for the next one, which takes every lane waiting then (one statement instead of one
 * per message; no lane waits longer than one write for its turn). A record that fails is left to the
 * journal (`complete` false: the run keeps it): the row stays `sending`, and recovery makes it `sent`.
 */
function sentRecorder(ctx: NewsletterContext) {
  let waiting: { id: string; done: () => void }[] = [];
  let writing = false;
  let complete = true;
  const write = async () => {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const held = await markSent(
          ctx.db,
          group.map((g) => g.id),
          ctx.now(),
        );
        for (const g of group)
          if (!held.has(g.id))
            ctx.log.warn({ message: g.id }, 'newsletter message sent after its claim was taken back');
      } catch (error) {
        complete = false;
        ctx.log.error(
          { err: error, messages: group.length },
          'newsletter messages sent but not recorded: their hand-over journal is kept for recovery',
        );
      }
      for (const g of group) g.done();
    }
    writing = false;
  };
  return {
    record: (id: string) =>
      new Promise<void>((done) => {
        waiting.push({ id, done });
        if (!writing) void write();
      }),
    get complete() {
      return complete;
    },
  };
}

/** Composes and sends one claimed row, and records what came of it. */
async function deliver(
  ctx: NewsletterContext,
  run: ComposeRun,
  journal: HandOverJournal,
  recordSent: { record(id: string): Promise<void> },
  row: LedgerRow,
): Promise<void> {
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
    await ctx.mail.send(message, { atHandOver: () => journal.record(row.id, row.attempts) });
  } catch (error) {
    const text = errorText(error);
    if (isUnknownMailOutcome(error)) {
      await markUncertain(ctx.db, row.id, text);
      ctx.log.warn(
        { message: row.id, reason: text },
        'newsletter message handed over, reply lost: not sent again',
      );
    } else if (isPermanentMailFailure(error)) {
      await markBouncedRows(ctx.db, row.id, row.recipientKey, text);
      await markBounced(ctx.db, row.recipientKey, text, ctx.now());
      ctx.log.warn({ message: row.id, reason: text }, 'newsletter address refused for good');
    } else if (row.attempts >= MAX_ATTEMPTS) {
      await markFailed(ctx.db, row.id, text);
    } else {
      await markRetry(ctx.db, row.id, text, new Date(ctx.now().getTime() + retryDelayMs(row.attempts)));
    }
    return;
  }
  // Never throws: a row handed over must not be released as unsent by its lane (sentRecorder).
  await recordSent.record(row.id);
}
