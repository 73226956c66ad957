/**
 * The settings' JSON API under /api/v1 (API.md, Newsroom): `GET /settings` (anyone: every value it
 * answers is shown on every page anyway), `PATCH /settings` (admins; `If-Match` with the revision is
 * optional, 412 when stale; 422 naming each bad field in the request's language) and
 * `POST /settings/logo` (admins; multipart, one image; `?return=fr|en` answers the admin page's form
 * with a redirect to it).
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { apiAdmin, auditActorOf } from '../audit/public.ts';
import { HttpError } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import {
  apiErrorSchema,
  fieldErrorSchema,
  nullable,
  partial,
  stringEnum,
  Type,
  typed,
} from '../web/schemas.ts';
import { LOGO_MAX_BYTES } from './logo.ts';
import type { SettingsRouteDeps, WriteOutcome } from './module.ts';
import type { FieldErrors } from './values.ts';
import { invalidAnswer, settingsJson } from './wording.ts';

const text = (max: number) => nullable(Type.String({ maxLength: max }));
const pairOf = (max: number) =>
  nullable(
    Type.Object(
      { fr: Type.Optional(text(max)), en: Type.Optional(text(max)) },
      { additionalProperties: false },
    ),
  );
const pairOut = partial({ fr: Type.String(), en: Type.String() });

/** Schema bounds are loose on purpose: the feature's own checks name the limit in the reader's words. */
export const settingsChangeSchema = Type.Object(
  {
    name: Type.Optional(pairOf(10_000)),
    institution: Type.Optional(pairOf(10_000)),
    shortName: Type.Optional(text(10_000)),
    tagline: Type.Optional(pairOf(10_000)),
    colours: Type.Optional(
      nullable(Type.Object({ primary: Type.Optional(text(100)) }, { additionalProperties: false })),
    ),
    contactEmail: Type.Optional(text(10_000)),
    terms: Type.Optional(pairOf(100_000)),
    privacy: Type.Optional(pairOf(100_000)),
    logo: Type.Optional(
      Type.Unknown({ description: 'null removes the logo; upload one with POST /settings/logo' }),
    ),
  },
  { additionalProperties: false },
);

export const settingsSchema = partial({
  name: pairOut,
  institution: pairOut,
  shortName: Type.String(),
  tagline: pairOut,
  logo: nullable(partial({ url: Type.String(), width: Type.Integer(), height: Type.Integer() })),
  colours: partial({ primary: Type.String() }),
  contactEmail: nullable(Type.String()),
  terms: pairOut,
  privacy: pairOut,
  custom: Type.Array(Type.String(), { description: 'the fields stored (they override the configuration)' }),
  revision: Type.Integer(),
  updatedAt: nullable(Type.String({ format: 'date-time' })),
});

/** If-Match as a revision: `"3"`, `W/"3"` or `3`; undefined when absent or `*`. */
function ifMatchRevision(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new HttpError(400, 'bad_if_match', 'settings.code.invalid');
  return Number(m[1]);
}

/** Fields named by schema validation errors (attachValidation), each `invalid`. */
function validationFields(request: FastifyRequest): FieldErrors | null {
  const error = request.validationError as
    | (Error & { validation?: { instancePath?: string; params?: { additionalProperty?: string } }[] })
    | undefined;
  if (!error) return null;
  const fields: FieldErrors = {};
  for (const v of error.validation ?? []) {
    const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const extra = v.params?.additionalProperty;
    fields[[path, extra].filter(Boolean).join('.') || 'body'] = { code: 'invalid' };
  }
  return fields;
}

const errors = { 401: apiErrorSchema, 403: apiErrorSchema };

export function settingsApi(deps: SettingsRouteDeps): FastifyPluginAsync {
  return async (plugin) => {
    await plugin.register(multipart);
    const app = typed(plugin);
    const answer = (request: FastifyRequest, outcome: WriteOutcome) => {
      const lang = requestLang(request);
      const t = translator(lang);
      if (outcome.kind === 'invalid')
        return { code: 422, body: { error: { code: 'invalid', ...invalidAnswer(t, lang, outcome.errors) } } };
      if (outcome.kind === 'stale')
        return {
          code: 412,
          body: {
            error: {
              code: 'stale_revision',
              message: t('settings.stale', { revision: outcome.revision }),
              revision: outcome.revision,
            },
          },
        };
      return { code: 200, body: settingsJson(outcome.row, deps.identity(), lang) };
    };

    app.get(
      '/settings',
      {
        schema: {
          summary: 'The portal’s settings as pages show them (anyone)',
          tags: ['newsroom'],
          response: { 200: settingsSchema },
        },
      },
      async (request) => settingsJson(deps.current(), deps.identity(), requestLang(request)),
    );

    app.patch(
      '/settings',
      {
        attachValidation: true,
        schema: {
          summary: 'Change the portal’s settings (admins); empty or null restores the configuration’s value',
          tags: ['newsroom'],
          headers: Type.Object({
            'if-match': Type.Optional(Type.String({ description: 'the revision read' })),
          }),
          body: settingsChangeSchema,
          response: { 200: settingsSchema, ...errors, 412: fieldErrorSchema, 422: fieldErrorSchema },
        },
      },
      async (request, reply) => {
        apiAdmin(request);
        const bad = validationFields(request);
        const outcome: WriteOutcome = bad
          ? { kind: 'invalid', errors: bad }
          : await deps.update(request.body ?? {}, auditActorOf(request), ifMatchRevision(request));
        const { code, body } = answer(request, outcome);
        return reply.code(code).send(body);
      },
    );

    app.post(
      '/settings/logo',
      {
        config: {
          csrf: { accept: ['multipart/form-data'], reason: 'the logo is uploaded as a file (API.md)' },
        },
        schema: {
          summary:
            'Upload the logo (admins): multipart/form-data, one PNG, JPEG or WebP file of at most 2 MB, re-encoded as PNG. `?return=fr|en`: answer the admin page’s form with a redirect to it',
          tags: ['newsroom'],
          querystring: partial({ return: stringEnum(['fr', 'en']) }),
          response: {
            200: settingsSchema,
            303: Type.Null(),
            ...errors,
            413: apiErrorSchema,
            415: apiErrorSchema,
            422: fieldErrorSchema,
          },
        },
      },
      async (request, reply) => {
        apiAdmin(request);
        const back = request.query.return;
        const page = (query: Record<string, string>) =>
          reply.redirect(`${localPath(back ?? 'en', '/admin/settings')}?${new URLSearchParams(query)}`, 303);
        const refuse = (code: string) => {
          if (back) return page({ refused: code });
          const { code: status, body } = answer(request, { kind: 'invalid', errors: { logo: { code } } });
          return reply.code(status).send(body);
        };
        if (!request.isMultipart()) throw new HttpError(415, 'multipart_required', 'settings.noFile');
        if (Number(request.headers['content-length'] ?? 0) > LOGO_MAX_BYTES + 64 * 1024)
          return refuse('image_too_large');
        let bytes: Buffer | null = null;
        try {
          const part = await request.file({ limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 10 } });
          if (part && part.filename !== '') bytes = await part.toBuffer();
          else part?.file.resume();
        } catch (error) {
          const code = (error as { code?: string }).code ?? '';
          if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT')
            return refuse('image_too_large');
          throw error;
        }
        if (!bytes || bytes.length === 0) return refuse('no_file');
        const outcome = await deps.setLogo(bytes, auditActorOf(request));
        if (back)
          return outcome.kind === 'ok'
            ? page({ done: 'logo' })
            : page({
                refused: outcome.kind === 'invalid' ? (outcome.errors.logo?.code ?? 'not_image') : 'stale',
              });
        const { code, body } = answer(request, outcome);
        return reply.code(code).send(body);
      },
    );
  };
}
