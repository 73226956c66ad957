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
import { apiErrorSchema, HttpError } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { apiActor, ifMatchRevision } from './http.ts';
import { SHOTLIST_LIMITS } from './shotlist-input.ts';
import type { FieldErrors } from './story-input.ts';
import type { VideoMetaInput } from './video-input.ts';
import type { VideoOutcome, VideoService } from './video-service.ts';
import { videoFieldMessages } from './video-wording.ts';

const perLang = {
  type: 'object',
  properties: {
    fr: { type: ['string', 'null'], maxLength: 20_000 },
    en: { type: ['string', 'null'], maxLength: 20_000 },
  },
  additionalProperties: false,
} as const;
const translation = {
  type: ['object', 'null'],
  properties: {
    title: { type: ['string', 'null'], maxLength: 2000 },
    description: { type: ['string', 'null'], maxLength: 20_000 },
  },
  additionalProperties: false,
} as const;
const patchBody = {
  type: 'object',
  properties: {
    translations: {
      type: 'object',
      properties: { fr: translation, en: translation },
      additionalProperties: false,
    },
    credit: { type: ['string', 'null'], maxLength: 2000 },
    usageTerms: perLang,
    restrictions: perLang,
    embargoUntil: {
      type: ['string', 'null'],
      maxLength: 64,
      description: 'ISO 8601 with an offset; null lifts it',
    },
    embargoKind: {
      type: 'string',
      enum: ['hidden', 'available'],
      description:
        'hidden: only editors see the video before the date; available: verified journalists watch and download it ahead, marked “not for publication before …”',
    },
    posterFrame: {
      type: 'integer',
      minimum: 0,
      maximum: 2_000_000_000,
      description:
        'The frame (counted from the master’s first, as clips count) the poster shows: cut from the master now (within a minute); 422 `outside` past the last frame',
    },
  },
  additionalProperties: false,
} as const;
const shot = {
  type: 'object',
  properties: {
    inFrame: { type: 'integer' },
    outFrame: { type: 'integer' },
    in: { type: ['string', 'null'] },
    out: { type: ['string', 'null'] },
    description: { type: 'object', properties: { fr: { type: 'string' }, en: { type: 'string' } } },
  },
} as const;
const text = { type: 'object', properties: { fr: { type: 'string' }, en: { type: 'string' } } } as const;
export const videoRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['video', 'audio'] },
    status: { type: 'string' },
    translations: {
      type: 'object',
      description: 'Only the languages the video has a title in',
      properties: {
        fr: { type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' } } },
        en: { type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' } } },
      },
    },
    credit: { type: 'string' },
    usageTerms: text,
    restrictions: text,
    embargoUntil: { type: ['string', 'null'], format: 'date-time' },
    embargoKind: { type: 'string', enum: ['hidden', 'available'] },
    revision: { type: 'integer' },
    posterFrame: { type: ['integer', 'null'] },
    fps: { type: ['string', 'null'] },
    durationFrames: { type: ['integer', 'null'] },
    startTimecode: { type: ['string', 'null'] },
    shotlist: { type: 'array', items: shot },
    usage: {
      type: 'object',
      description: 'As `GET /videos/{id}` shows it (terms in the request language)',
      properties: {
        credit: { type: ['string', 'null'] },
        terms: { type: ['string', 'null'] },
        restrictions: { type: ['string', 'null'] },
        embargoUntil: { type: ['string', 'null'], format: 'date-time' },
        downloadable: { type: 'boolean' },
      },
    },
  },
} as const;
const detailedError = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'field -> error code',
        },
        messages: { type: 'object', additionalProperties: { type: 'string' } },
        revision: { type: 'integer', description: 'The video’s current revision (412)' },
        stories: {
          type: 'array',
          description: 'The stories that show the video (409 in_use)',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              slug: { type: 'string' },
              status: { type: 'string' },
              title: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;
const params = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 200 } },
  required: ['id'],
} as const;
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const answers = {
  200: videoRecordSchema,
  ...errors,
  412: detailedError,
  415: apiErrorSchema,
  422: detailedError,
};

export function sendVideoInvalid(request: FastifyRequest, reply: FastifyReply, fields: FieldErrors) {
  const t = translator(requestLang(request));
  const messages = videoFieldMessages(t, fields);
  return reply.code(422).send({
    error: {
      code: 'invalid',
      message: t('videometa.invalid', { detail: Object.values(messages).join(' ') }),
      fields,
      messages,
    },
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
  return async (app) => {
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: SHOTLIST_LIMITS.csvBytes },
      (_req, body, done) => done(null, { csv: body }),
    );

    app.patch<{ Params: { id: string }; Body: VideoMetaInput }>(
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

    app.put<{ Params: { id: string }; Body: { items?: unknown } | { csv: string } }>(
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

    app.delete<{ Params: { id: string } }>(
      '/videos/:id',
      {
        schema: {
          summary: 'Delete a video with its files (refused while a published or scheduled story shows it)',
          tags: ['newsroom'],
          params,
          response: { 204: { type: 'null' }, ...errors, 409: detailedError },
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
