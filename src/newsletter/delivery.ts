/**
 * The `newsletter.send` job: on each of NEWSLETTER_PARALLEL lanes, claims a batch of the ledger's due
 * messages and sends them one at a time through the mail port, at NEWSLETTER_RATE at most over all
 * lanes. Each row is marked `sent` at its hand-over point (the mail port's `beforeHandOver`: the
 * message is with the relay but for its end-of-data mark), so a process killed at any moment leaves
 * either a `sending` claim the relay never took (queued again: at the next start on the embedded
 * database, after CLAIM_STALE_MS on a server) or a `sent` row the relay took: each message once.
 * A transient refusal (4xx, a dropped connection) is retried later with back-off; a permanent one (5xx)
 * stops mail to the address (shown in the back office); a reply lost after the hand-over leaves the
 * row `uncertain` (never sent twice).
 */
import { isPermanentMailFailure, isUnknownMailOutcome } from '../platform/mail/index.ts';
import { type ComposeRun, composeRow, createComposeRun } from './compose.ts';
import type { NewsletterContext } from './context.ts';
import {
  claimDue,
  type LedgerRow,
  markBouncedRows,
  markFailed,
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

export function sendHandler(ctx: NewsletterContext) {
  return async (_data: unknown, job: { signal: AbortSignal }) => {
    const requeued = await requeueInterrupted(ctx.db, new Date(ctx.now().getTime() - CLAIM_STALE_MS));
    if (requeued > 0)
      ctx.log.warn(
        { messages: requeued },
        'newsletter messages interrupted before their hand-over: queued again',
      );
    const interval = ctx.ratePerSecond > 0 ? 1000 / ctx.ratePerSecond : 0;
    const run = createComposeRun();
    const recordHandOver = handOverRecorder(ctx);
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
            await deliver(ctx, run, recordHandOver, rows[next]!);
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
    await Promise.all(Array.from({ length: Math.max(1, ctx.parallel) }, lane));
  };
}

/**
 * Records hand-overs in groups: a lane reaching its hand-over point while a record is being written
 * waits for the next one, which takes every lane waiting then (one statement instead of one per
 * message; no lane waits longer than one write for its turn).
 */
function handOverRecorder(ctx: NewsletterContext): (id: string) => Promise<void> {
  let waiting: { id: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing = false;
  const write = async () => {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      // The connection is held from the record until the messages just recorded have written their
      // end-of-data mark (a few ticks of stream work): a kill between a record and its mark is the one
      // moment a message can be lost, and the embedded database runs in this thread, so another
      // lane's statement (milliseconds) must not run in between. On a server it holds one pooled
      // connection for a tick.
      await ctx.db
        .connection()
        .execute(async (connection) => {
          try {
            const held = await markSent(
              connection,
              group.map((g) => g.id),
              ctx.now(),
            );
            for (const g of group)
              if (held.has(g.id)) g.resolve();
              else g.reject(new Error('the claim was taken back before the hand-over: not sent'));
          } catch (error) {
            for (const g of group) g.reject(error);
          }
          await new Promise((resolve) => setImmediate(resolve));
        })
        .catch((error: unknown) => {
          for (const g of group) g.reject(error);
        });
    }
    writing = false;
  };
  return (id) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ id, resolve, reject });
      if (!writing) void write();
    });
}

/** Composes and sends one claimed row, and records what came of it. */
async function deliver(
  ctx: NewsletterContext,
  run: ComposeRun,
  recordHandOver: (id: string) => Promise<void>,
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
    await ctx.mail.send(message, { beforeHandOver: () => recordHandOver(row.id) });
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
  }
}
