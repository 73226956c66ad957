/**
 * The newsroom's video API under /api/v1 (API.md, Newsroom): `PATCH /videos/{id}` (titles and
 * descriptions FR/EN, credit, usage terms, restrictions, embargo; If-Match: 412 when stale),
 * `PUT /videos/{id}/shotlist` (JSON items, or `text/csv`: in,out,fr,en) and `DELETE /videos/{id}`
 * (204, or 409 `in_use` naming the stories). Editors and admins only. `GET /videos/{id}` is the
 * catalogue's, which shows these fields too.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { loadDownloadFacts, usageJson } from '../downloads/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import { apiErrorSchema, HttpError, sendInvalidFields } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { fieldErrorSchema, noContent, nullable, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { apiActor, ifMatchRevision } from './http.ts';
import { SHOTLIST_LIMITS } from './shotlist-input.ts';
import type { FieldErrors } from './story-input.ts';
import type { VideoOutcome, VideoService } from './video-service.ts';
import { videoFieldMessages } from './video-wording.ts';

const perLang = partial(
  {
    fr: nullable(Type.String({ maxLength: 20_000 })),
    en: nullable(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
);
const translation = nullable(
  partial(
    {
      title: nullable(Type.String({ maxLength: 2000 })),
      description: nullable(Type.String({ maxLength: 20_000 })),
    },
    { additionalProperties: false },
  ),
);
const patchBody = partial(
  {
    translations: partial({ fr: translation, en: translation }, { additionalProperties: false }),
    credit: nullable(Type.String({ maxLength: 2000 })),
    usageTerms: perLang,
    restrictions: perLang,
    embargoUntil: nullable(
      Type.String({ maxLength: 64, description: 'ISO 8601 with an offset; null lifts it' }),
    ),
    embargoKind: stringEnum(['hidden', 'available'], {
      description:
        'hidden: only editors see the video before the date; available: verified journalists watch and download it ahead, marked “not for publication before …”',
    }),
    posterFrame: Type.Integer({
      minimum: 0,
      maximum: 2_000_000_000,
      description:
        'The frame (counted from the master’s first, as clips count) the poster shows: cut from the master now (within a minute); 422 `outside` past the last frame',
    }),
  },
  { additionalProperties: false },
);
const text = partial({ fr: Type.String(), en: Type.String() });
const shot = partial({
  inFrame: Type.Integer(),
  outFrame: Type.Integer(),
  in: nullable(Type.String()),
  out: nullable(Type.String()),
  description: text,
});
const titled = partial({ title: Type.String(), description: Type.String() });
export const videoRecordSchema = partial({
  id: Type.String(),
  kind: stringEnum(['video', 'audio']),
  status: Type.String(),
  translations: partial(
    { fr: titled, en: titled },
    { description: 'Only the languages the video has a title in' },
  ),
  credit: Type.String(),
  usageTerms: text,
  restrictions: text,
  embargoUntil: nullable(Type.String({ format: 'date-time' })),
  embargoKind: stringEnum(['hidden', 'available']),
  revision: Type.Integer(),
  posterFrame: nullable(Type.Integer()),
  fps: nullable(Type.String()),
  durationFrames: nullable(Type.Integer()),
  startTimecode: nullable(Type.String()),
  shotlist: Type.Array(shot),
  usage: partial(
    {
      credit: nullable(Type.String()),
      terms: nullable(Type.String()),
      restrictions: nullable(Type.String()),
      embargoUntil: nullable(Type.String({ format: 'date-time' })),
      downloadable: Type.Boolean(),
    },
    { description: 'As `GET /videos/{id}` shows it (terms in the request language)' },
  ),
});
const params = Type.Object({ id: Type.String({ maxLength: 200 }) });
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const answers = {
  200: videoRecordSchema,
  ...errors,
  412: fieldErrorSchema,
  415: apiErrorSchema,
  422: fieldErrorSchema,
};

export function sendVideoInvalid(request: FastifyRequest, reply: FastifyReply, fields: FieldErrors) {
  const t = translator(requestLang(request));
  const messages = videoFieldMessages(t, fields);
  return sendInvalidFields(reply, {
    message: t('videometa.invalid', { detail: Object.values(messages).join(' ') }),
    fields,
    messages,
  });
}

async function answer(db: TablelessDb, request: FastifyRequest, reply: FastifyReply, outcome: VideoOutcome) {
  switch (outcome.kind) {
    case 'ok': {
      reply.header('etag', `"${outcome.video.revision}"`);
      const facts = await loadDownloadFacts(db, [outcome.video.id]);
      return reply.send({
        ...outcome.video,
        usage: usageJson(facts.get(outcome.video.id), requestLang(request)),
      });
    }
    case 'not_found':
      throw new HttpError(404, 'not_found', 'videometa.notFound');
    case 'invalid':
      return sendVideoInvalid(request, reply, outcome.errors);
    case 'stale': {
      const t = translator(requestLang(request));
      reply.header('etag', `"${outcome.video.revision}"`);
      return reply.code(412).send({
        error: {
          code: 'stale_revision',
          message: t('videometa.stale', {
            current: outcome.video.revision,
            yours: String(request.headers['if-match'] ?? '?').replace(/\D/g, '') || '?',
          }),
          revision: outcome.video.revision,
        },
      });
    }
  }
}

export function videoApi(db: TablelessDb, videos: VideoService): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: SHOTLIST_LIMITS.csvBytes },
      (_req, body, done) => done(null, { csv: body }),
    );

    app.patch(
      '/videos/:id',
      {
        schema: {
          summary:
            'Edit a video’s metadata: titles and descriptions FR/EN, credit, terms, restrictions, embargo',
          description:
            'Editors and admins. Send the video’s `revision` as If-Match to refuse a stale save (412); without it the save is made. A language whose title is empty (or `translations.xx: null`) is not written: its pages say so. Answers the video.',
          tags: ['newsroom'],
          params,
          body: patchBody,
          response: answers,
        },
      },
      async (request, reply) => {
        const actor = apiActor(request);
        const revision = ifMatchRevision(request);
        return answer(
          db,
          request,
          reply,
          await videos.update(request.params.id, request.body ?? {}, revision, actor),
        );
      },
    );

    app.put(
      '/videos/:id/shotlist',
      {
        schema: {
          summary: 'Replace a video’s shotlist (JSON items or CSV)',
          description: `JSON \`{items: [{in, out, description: {fr, en}}]}\` or \`text/csv\` lines \`in,out,fr,en\` (an optional header line). Timecodes in the master’s timecode, half-open (out is the first frame not included), inside the video; rows may not overlap (they may touch). Every bad row is named: \`items.N.field\` (N from 0) or \`lines.N.field\` (CSV line N from 1). At most ${SHOTLIST_LIMITS.rows} rows. If-Match as for PATCH.`,
          tags: ['newsroom'],
          params,
          response: answers,
        },
      },
      async (request, reply) => {
        const actor = apiActor(request);
        const revision = ifMatchRevision(request);
        const body = request.body as { items?: unknown; csv?: unknown } | undefined;
        if (typeof body?.csv === 'string')
          return answer(
            db,
            request,
            reply,
            await videos.setShotlist(request.params.id, { csv: body.csv }, revision, actor),
          );
        if (!body || typeof body !== 'object' || !Array.isArray(body.items))
          throw new HttpError(400, 'bad_shotlist', 'videometa.badCsv');
        return answer(
          db,
          request,
          reply,
          await videos.setShotlist(request.params.id, { items: body.items }, revision, actor),
        );
      },
    );

    app.delete(
      '/videos/:id',
      {
        schema: {
          summary: 'Delete a video with its files (refused while a published or scheduled story shows it)',
          tags: ['newsroom'],
          params,
          response: { 204: noContent, ...errors, 409: fieldErrorSchema },
        },
      },
      async (request, reply) => {
        const actor = apiActor(request);
        const lang = requestLang(request);
        const outcome = await videos.remove(request.params.id, lang, actor);
        if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'videometa.notFound');
        if (outcome.kind === 'in_use') {
          const t = translator(lang);
          return reply.code(409).send({
            error: {
              code: 'in_use',
              message: t('videometa.inUse', {
                stories: outcome.stories.map((s) => `“${s.title}”`).join(', '),
              }),
              stories: outcome.stories,
            },
          });
        }
        return reply.code(204).send();
      },
    );
  };
}
