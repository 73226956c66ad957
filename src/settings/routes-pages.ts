/**
 * The settings' pages under /fr and /en: the admins' settings page (`/admin/settings`: the form posts
 * back here, the logo form to the API with `?return=`; a bad field or a concurrent change comes back in
 * the redisplayed form, nothing saved) and the public terms and privacy pages.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { adminPageAllowed, auditActorOf } from '../audit/public.ts';
import { type MessageKey, translate } from '../web/i18n/index.ts';
import { layout, localPath, type PageContext } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { type FormBody, formBody, formField, partial, Type, typed } from '../web/schemas.ts';
import type { SettingsRouteDeps, WriteOutcome } from './module.ts';
import type { SettingsRow } from './store.ts';
import { LANGS, type SettingsChange } from './values.ts';
import { SETTINGS_HEAD, settingsView, textPageView } from './views.ts';
import { fieldMessages } from './wording.ts';

const PAIRS = ['name', 'institution', 'tagline', 'terms', 'privacy'] as const;

/** The form's values from the stored ones (empty where the configuration applies). */
function storedForm(row: SettingsRow): Record<string, string> {
  const v = row.values;
  const out: Record<string, string> = {
    shortName: v.shortName ?? '',
    'colours.primary': v.colours?.primary ?? '',
    contactEmail: v.contactEmail ?? '',
  };
  for (const f of PAIRS) for (const l of LANGS) out[`${f}.${l}`] = v[f]?.[l] ?? '';
  return out;
}

/** What each field falls back to: the configuration's identity (before the settings), built-in texts. */
function defaultsOf(deps: SettingsRouteDeps, lang: PageContext['lang']): Record<string, string> {
  const base = deps.defaults;
  const out: Record<string, string> = {
    shortName: base.institutionShort[lang],
    'colours.primary': '#0b4f8a',
  };
  for (const l of LANGS) {
    out[`name.${l}`] = base.siteName[l];
    out[`institution.${l}`] = base.institution[l];
    out[`tagline.${l}`] = translate(l, 'site.tagline');
  }
  return out;
}

/** The submitted form as a change: every field (empty restores the configuration's value). */
function changeOf(form: FormBody | undefined): SettingsChange {
  const change: SettingsChange = {
    shortName: formField(form, 'shortName'),
    colours: { primary: formField(form, 'colours.primary') },
    contactEmail: formField(form, 'contactEmail'),
  };
  for (const f of PAIRS) change[f] = { fr: formField(form, `${f}.fr`), en: formField(form, `${f}.en`) };
  return change;
}

function submittedForm(form: FormBody | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [
    'shortName',
    'colours.primary',
    'contactEmail',
    ...PAIRS.flatMap((f) => LANGS.map((l) => `${f}.${l}`)),
  ])
    out[key] = formField(form, key);
  return out;
}

export function settingsPages(deps: SettingsRouteDeps): FastifyPluginAsync {
  const NOTICES: Record<string, MessageKey> = { saved: 'settings.saved', logo: 'settings.logoSaved' };
  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    parts: {
      values?: Record<string, string>;
      errors?: Record<string, string>;
      notice?: string | null;
      problem?: string | null;
    },
  ) => {
    const ctx = pageContext(request);
    const row = deps.current();
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        layout(
          ctx,
          { title: ctx.t('settings.title'), head: SETTINGS_HEAD },
          settingsView(ctx, {
            values: parts.values ?? storedForm(row),
            defaults: defaultsOf(deps, ctx.lang),
            errors: parts.errors ?? {},
            revision: row.revision,
            updatedAt: row.updatedAt,
            updatedBy: row.updatedBy,
            notice: parts.notice ?? null,
            problem: parts.problem ?? null,
            identity: deps.identity(),
          }),
        ),
      );
  };

  return async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/admin/settings',
      {
        schema: {
          hide: true,
          querystring: partial({
            done: Type.String({ maxLength: 20 }),
            refused: Type.String({ maxLength: 40 }),
          }),
        },
      },
      async (request, reply) => {
        if (!adminPageAllowed(request, reply)) return reply;
        const ctx = pageContext(request);
        const { done, refused } = request.query;
        const notice = done && NOTICES[done] ? ctx.t(NOTICES[done]) : null;
        const problem = refused
          ? refused === 'stale'
            ? ctx.t('settings.stale', { revision: deps.current().revision })
            : (fieldMessages(ctx.t, ctx.lang, { logo: { code: refused } }).logo ?? null)
          : null;
        return send(request, reply, refused ? 422 : 200, { notice, problem });
      },
    );

    app.post('/admin/settings', { schema: { hide: true, body: formBody } }, async (request, reply) => {
      if (!adminPageAllowed(request, reply)) return reply;
      const ctx = pageContext(request);
      const form = request.body;
      const revisionText = formField(form, 'revision');
      const ifRevision = /^\d{1,9}$/.test(revisionText) ? Number(revisionText) : undefined;
      const removeLogo = formField(form, 'removeLogo') === '1';
      const outcome: WriteOutcome = await deps.update(
        removeLogo ? { logo: null } : changeOf(form),
        auditActorOf(request),
        ifRevision,
      );
      if (outcome.kind === 'ok')
        return reply.redirect(`${localPath(ctx.lang, '/admin/settings')}?done=saved`, 303);
      const values = removeLogo ? undefined : submittedForm(form);
      if (outcome.kind === 'stale')
        return send(request, reply, 409, {
          values,
          problem: ctx.t('settings.stale', { revision: outcome.revision }),
        });
      return send(request, reply, 422, { values, errors: fieldMessages(ctx.t, ctx.lang, outcome.errors) });
    });

    const textPage = (path: '/terms' | '/privacy') =>
      app.get(path, async (request, reply) => {
        const ctx = pageContext(request);
        const v = deps.current().values;
        const [title, markdown, fallback] =
          path === '/terms'
            ? [ctx.t('terms.title'), v.terms?.[ctx.lang], ctx.t('terms.body')]
            : [ctx.t('settings.privacy.title'), v.privacy?.[ctx.lang], ctx.t('settings.privacy.body')];
        return reply
          .type('text/html; charset=utf-8')
          .send(layout(ctx, { title }, textPageView(title, markdown, fallback)));
      });
    textPage('/terms');
    textPage('/privacy');
  };
}
