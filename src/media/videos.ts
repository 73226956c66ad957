/** The videos table: status and progress as the pipeline moves on. */
import { sql } from 'kysely';
import type { AnyDb } from '../platform/db/schema.ts';
import { type Lang, type MessageKey, translate } from '../web/i18n/index.ts';
import { mediaDb } from './db.ts';

const REFUSALS = new Set(['not_media', 'truncated', 'no_video', 'unreadable']);

/**
 * Where a video's ingest stands, for the operator (`portal ingest --wait`): status, progress and,
 * when it failed, the reason in `lang` (null for an unknown id).
 */
export async function ingestState(
  anyDb: AnyDb,
  id: string,
  lang: Lang,
): Promise<{ status: string; progress: number; error: string | null } | null> {
  const db = mediaDb(anyDb);
  const row = await db
    .selectFrom('videos')
    .select(['status', 'progress', 'error_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const key: MessageKey = REFUSALS.has(row.error_code ?? '')
    ? (`media.error.${row.error_code}` as MessageKey)
    : 'media.error.failed';
  return {
    status: row.status,
    progress: Number(row.progress),
    error: row.status === 'failed' ? translate(lang, key) : null,
  };
}

export async function setVideoProgress(anyDb: AnyDb, id: string, progress: number): Promise<void> {
  const db = mediaDb(anyDb);
  await db
    .updateTable('videos')
    .set({ progress: Math.max(0, Math.min(1, progress)), updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .execute();
}

export async function markVideoFailed(anyDb: AnyDb, id: string, reason: string): Promise<void> {
  const db = mediaDb(anyDb);
  await db
    .updateTable('videos')
    .set({ status: 'failed', error: reason.slice(0, 2000), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Calls `report` at most every `intervalMs` (and always for the final value 1). */
export function throttle(
  report: (value: number) => Promise<void>,
  intervalMs = 1000,
): (value: number) => void {
  let last = 0;
  let inFlight: Promise<void> | null = null;
  return (value) => {
    const now = Date.now();
    if (inFlight || (now - last < intervalMs && value < 1)) return;
    last = now;
    inFlight = report(value)
      .catch(() => {})
      .finally(() => {
        inFlight = null;
      });
  };
}
