/**
 * The settings feature assembled: the stored values and the identity they make, kept in memory
 * (loaded at start, replaced on every write, re-read when another process wrote: a cheap revision
 * check every few seconds), their writes (merged onto the row as it is in the database, so that two
 * admins changing different fields both keep theirs; `If-Match` refuses a stale write outright) and
 * the routes. The composition root creates one and hands `identity` to the web kit, mail and accounts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { AuditActor, AuditRecord } from '../audit/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { type Identity, withSettings } from '../web/identity.ts';
import { encodeLogo, logoUrl, storeLogo } from './logo.ts';
import { settingsApi } from './routes-api.ts';
import { settingsFiles } from './routes-files.ts';
import { settingsPages } from './routes-pages.ts';
import { readRevision, readSettings, type SettingsRow, writeSettings } from './store.ts';
import { checkChange, type FieldErrors, type SettingsChange, type StoredSettings } from './values.ts';
import './messages.ts';

export interface SettingsOptions {
  db: AnyDb;
  storage: MediaStorage;
  /** The configuration's identity (SITE_NAME_*, INSTITUTION_*): what shows where nothing is stored. */
  defaults: Identity;
  record: AuditRecord;
  clock?: () => Date;
  log: Logger;
  /** How often another process's writes are looked for, ms (default 10 s; 0: never). */
  refreshMs?: number;
}

export type WriteOutcome =
  | { kind: 'ok'; row: SettingsRow }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'stale'; revision: number };

const ATTEMPTS = 5;

export function createSettings(options: SettingsOptions) {
  const { db, storage, log } = options;
  const now = () => options.clock?.() ?? new Date();
  const compose = (row: SettingsRow): Identity => {
    const v = row.values;
    return withSettings(options.defaults, {
      name: v.name,
      institution: v.institution,
      shortName: v.shortName,
      tagline: v.tagline,
      logo: v.logo ? { url: logoUrl(v.logo), width: v.logo.width, height: v.logo.height } : null,
      themeUrl: v.colours?.primary ? `/settings/theme.css?v=${row.revision}` : null,
      contactEmail: v.contactEmail ?? null,
    });
  };
  // The feature's state, held by this instance (the portal's), never by the module.
  const state: { row: SettingsRow; identity: Identity; timer: NodeJS.Timeout | null } = {
    row: { values: {}, revision: 0, updatedAt: null, updatedBy: null },
    identity: options.defaults,
    timer: null,
  };
  const adopt = (row: SettingsRow) => {
    if (row.revision < state.row.revision) return;
    state.row = row;
    state.identity = compose(row);
  };
  const load = async () => adopt(await readSettings(db));

  /** Applies `change` to the row as stored, retrying when another write came in between. */
  const write = async (
    apply: (stored: StoredSettings) => StoredSettings,
    actor: AuditActor,
    action: string,
    ifRevision?: number,
  ): Promise<WriteOutcome> => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const row = await readSettings(db);
      if (ifRevision !== undefined && row.revision !== ifRevision) {
        adopt(row);
        return { kind: 'stale', revision: row.revision };
      }
      const values = apply(row.values);
      const at = now();
      const revision = await db.transaction().execute(async (trx) => {
        const written = await writeSettings(trx, { values, revision: row.revision, at, by: actor.name });
        if (written !== null)
          await options.record(
            { actor, action, target: { kind: 'settings', id: 'portal' } },
            { within: trx },
          );
        return written;
      });
      if (revision === null) continue;
      const previous = row.values.logo?.key;
      if (previous && previous !== values.logo?.key)
        await storage.remove(previous).catch((err) => log.warn({ err }, 'settings: old logo not removed'));
      const next = { values, revision, updatedAt: at, updatedBy: actor.name };
      adopt(next);
      return { kind: 'ok', row: next };
    }
    throw new Error('settings: the row kept changing; write given up');
  };

  const update = async (
    change: SettingsChange,
    actor: AuditActor,
    ifRevision?: number,
  ): Promise<WriteOutcome> => {
    const checked = checkChange(change);
    if (checked.kind === 'invalid') return checked;
    return write(checked.apply, actor, 'settings.edit', ifRevision);
  };

  /** A new logo from uploaded bytes: refused (nothing written) unless it is a PNG, JPEG or WebP image. */
  const setLogo = async (bytes: Buffer, actor: AuditActor, ifRevision?: number): Promise<WriteOutcome> => {
    const encoded = await encodeLogo(bytes);
    if (!encoded.ok) return { kind: 'invalid', errors: { logo: { code: encoded.code } } };
    const logo = await storeLogo(storage, encoded);
    try {
      const outcome = await write((s) => ({ ...s, logo }), actor, 'settings.logo', ifRevision);
      if (outcome.kind !== 'ok' && state.row.values.logo?.key !== logo.key) await storage.remove(logo.key);
      return outcome;
    } catch (error) {
      if (state.row.values.logo?.key !== logo.key) await storage.remove(logo.key).catch(() => {});
      throw error;
    }
  };

  /** Adopts another process's write (serve nodes behind a balancer). */
  const refresh = async () => {
    if ((await readRevision(db)) !== state.row.revision) await load();
  };

  const routeDeps: SettingsRouteDeps = {
    defaults: options.defaults,
    current: () => state.row,
    identity: () => state.identity,
    update,
    setLogo,
    storage,
  };
  return {
    load,
    /** The identity pages, mail and feeds use now (configuration with the stored values over it). */
    identity: () => state.identity,
    current: () => state.row,
    update,
    setLogo,
    /** Starts looking for other processes' writes (any role: workers send mail under the name). */
    startRefresh() {
      const every = options.refreshMs ?? 10_000;
      if (every <= 0 || state.timer) return;
      state.timer = setInterval(() => {
        refresh().catch((err) => log.warn({ err }, 'settings: refresh failed'));
      }, every);
      state.timer.unref();
    },
    stop() {
      if (state.timer) clearInterval(state.timer);
      state.timer = null;
    },
    api: settingsApi(routeDeps) as FastifyPluginAsync,
    pages: settingsPages(routeDeps) as FastifyPluginAsync,
    files: settingsFiles(routeDeps) as FastifyPluginAsync,
  };
}

export type Settings = ReturnType<typeof createSettings>;
export type SettingsRouteDeps = {
  /** The configuration's identity, before the settings. */
  defaults: Identity;
  current: () => SettingsRow;
  identity: () => Identity;
  update: Settings['update'];
  setLogo: Settings['setLogo'];
  storage: MediaStorage;
};
