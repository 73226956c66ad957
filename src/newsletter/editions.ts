/**
 * Special editions' SQL and input rules: an editor's introduction in French and English and the
 * stories it shows (slugs of published stories; none given: the latest published), then a status:
 * draft, scheduled (a durable job waits for its time), sending (its ledger rows are planned), sent.
 */
import type { AnyDb } from '../platform/db/schema.ts';
import { newsletterDb } from './db.ts';
import type { EditionStatus } from './tables.ts';

export const MAX_INTRO = 5000;
export const MAX_STORIES = 20;

export interface Edition {
  id: string;
  intro: { fr: string; en: string };
  storySlugs: string[];
  status: EditionStatus;
  scheduledAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9][a-z0-9-]{0,199}$/;

export type EditionProblem = 'intro' | 'stories';

/** Pure: the editor's input checked (introductions trimmed, slugs in order without repeats). */
export function parseEditionInput(input: {
  intro?: { fr?: unknown; en?: unknown } | null;
  stories?: unknown;
}):
  | { ok: true; intro: { fr: string; en: string }; slugs: string[] | null }
  | { ok: false; problem: EditionProblem; slugs?: string[] } {
  const fr = typeof input.intro?.fr === 'string' ? input.intro.fr.trim() : '';
  const en = typeof input.intro?.en === 'string' ? input.intro.en.trim() : '';
  if ([...fr].length > MAX_INTRO || [...en].length > MAX_INTRO) return { ok: false, problem: 'intro' };
  if (input.stories === undefined || input.stories === null)
    return { ok: true, intro: { fr, en }, slugs: null };
  if (!Array.isArray(input.stories) || input.stories.length > MAX_STORIES)
    return { ok: false, problem: 'stories' };
  const slugs: string[] = [];
  for (const s of input.stories) {
    if (typeof s !== 'string' || !SLUG.test(s.trim()))
      return { ok: false, problem: 'stories', slugs: [String(s).slice(0, 80)] };
    if (!slugs.includes(s.trim())) slugs.push(s.trim());
  }
  return { ok: true, intro: { fr, en }, slugs: slugs.length > 0 ? slugs : null };
}

type Row = {
  id: string;
  intro_fr: string;
  intro_en: string;
  story_slugs: string[] | string;
  status: EditionStatus;
  scheduled_at: Date | string | null;
  sent_at: Date | string | null;
  created_at: Date | string;
};

const COLUMNS = [
  'id',
  'intro_fr',
  'intro_en',
  'story_slugs',
  'status',
  'scheduled_at',
  'sent_at',
  'created_at',
] as const;

function edition(r: Row): Edition {
  return {
    id: r.id,
    intro: { fr: r.intro_fr, en: r.intro_en },
    storySlugs: typeof r.story_slugs === 'string' ? (JSON.parse(r.story_slugs) as string[]) : r.story_slugs,
    status: r.status,
    scheduledAt: r.scheduled_at === null ? null : new Date(r.scheduled_at),
    sentAt: r.sent_at === null ? null : new Date(r.sent_at),
    createdAt: new Date(r.created_at),
  };
}

export async function insertEdition(
  anyDb: AnyDb,
  input: { intro: { fr: string; en: string }; slugs: string[]; createdBy: string | null; now: Date },
): Promise<Edition> {
  const row = await newsletterDb(anyDb)
    .insertInto('newsletter_editions')
    .values({
      intro_fr: input.intro.fr,
      intro_en: input.intro.en,
      story_slugs: JSON.stringify(input.slugs),
      status: 'draft',
      created_by: input.createdBy,
      created_at: input.now,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return edition(row);
}

export async function getEdition(anyDb: AnyDb, id: string): Promise<Edition | null> {
  if (!UUID.test(id)) return null;
  const row = await newsletterDb(anyDb)
    .selectFrom('newsletter_editions')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? edition(row) : null;
}

export async function listEditions(
  anyDb: AnyDb,
  options: { sentOnly?: boolean; limit?: number } = {},
): Promise<Edition[]> {
  let query = newsletterDb(anyDb).selectFrom('newsletter_editions').select(COLUMNS);
  if (options.sentOnly) query = query.where('status', 'in', ['sending', 'sent']);
  const rows = await query
    .orderBy(options.sentOnly ? 'sent_at' : 'created_at', 'desc')
    .orderBy('id')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(edition);
}

/** Draft -> scheduled (or back to the new time); false when it is already sending or sent. */
export async function scheduleEdition(anyDb: AnyDb, id: string, at: Date): Promise<boolean> {
  const result = await newsletterDb(anyDb)
    .updateTable('newsletter_editions')
    .set({ status: 'scheduled', scheduled_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'scheduled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Scheduled editions whose time has come on the portal's clock (the planner starts their job). */
export async function dueEditionIds(anyDb: AnyDb, now: Date): Promise<string[]> {
  const rows = await newsletterDb(anyDb)
    .selectFrom('newsletter_editions')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', now)
    .orderBy('scheduled_at')
    .execute();
  return rows.map((r) => r.id);
}

/** The edition job's first step: scheduled (at or before now) -> sending; false if not (moved, sent). */
export async function startSending(anyDb: AnyDb, id: string, now: Date): Promise<boolean> {
  const result = await newsletterDb(anyDb)
    .updateTable('newsletter_editions')
    .set({ status: 'sending', sent_at: now })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markEditionSent(anyDb: AnyDb, id: string): Promise<void> {
  await newsletterDb(anyDb)
    .updateTable('newsletter_editions')
    .set({ status: 'sent' })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}
