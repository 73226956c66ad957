/**
 * The newsroom's JSON API under /api/v1 (API.md, Newsroom): stories (create, edit with If-Match,
 * publish or schedule, unpublish, revisions and restore, delete) and topics. Editors and admins only;
 * `GET /stories/{id}` is answered by the catalogue's `GET /stories/{slug}` route (a numeric id).
 * Bodies are validated by their schema and by the service; every bad field is named (422).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { storyRecordSchema } from '../catalog/public.ts';
import { apiErrorSchema, HttpError } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { actorOf, answer, apiActor, ifMatchRevision, sendInvalid, validationFields } from './http.ts';
import { parseInstant } from './schedule.ts';
import type { StoryService } from './service.ts';
import type { StoryInput } from './story-input.ts';
import type { TopicService } from './topics.ts';
import { summaryText } from './wording.ts';

const text = {
  type: ['object', 'null'],
  properties: {
    title: { type: 'string', maxLength: 1000 },
    standfirst: { type: 'string', maxLength: 5000 },
    body: { type: 'string', maxLength: 200_000 },
  },
  additionalProperties: false,
} as const;
const mediaRef = {
  type: 'object',
  required: ['kind', 'id'],
  properties: {
    kind: { type: 'string', enum: ['video', 'audio', 'photo'] },
    id: { type: 'string', maxLength: 200 },
  },
  additionalProperties: false,
} as const;
const storyBody = {
  type: 'object',
  properties: {
    translations: { type: 'object', properties: { fr: text, en: text }, additionalProperties: false },
    topics: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } },
    media: { type: 'array', maxItems: 200, items: mediaRef },
    leadMedia: { anyOf: [mediaRef, { type: 'null' }] },
    slug: { type: 'string', maxLength: 200 },
  },
  additionalProperties: false,
} as const;
const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: 999_999_999 } },
  required: ['id'],
} as const;
/** 412 and 422 answers: the error with the fields at fault (codes and messages) or the current revision. */
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
        messages: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'field -> message in the request language',
        },
        revision: { type: 'integer', description: 'The story’s current revision (412)' },
      },
    },
  },
} as const;
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const storyAnswers = {
  200: storyRecordSchema,
  ...errors,
  409: apiErrorSchema,
  412: detailedError,
  422: detailedError,
};
const topicSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    name: { type: 'object', properties: { fr: { type: 'string' }, en: { type: 'string' } } },
    stories: { type: 'integer' },
  },
} as const;
const topicBody = {
  type: 'object',
  properties: {
    slug: { type: 'string', maxLength: 200 },
    name: {
      type: 'object',
      properties: { fr: { type: 'string', maxLength: 500 }, en: { type: 'string', maxLength: 500 } },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

type IdRequest = FastifyRequest<{ Params: { id: number } }>;

export function newsroomApi(deps: { stories: StoryService; topics: TopicService }): FastifyPluginAsync {
  const { stories, topics } = deps;
  /** Access first (401/403 before anything is said about the body), then the body's shape. */
  const guard = (request: FastifyRequest, reply: FastifyReply): boolean => {
    apiActor(request);
    const fields = validationFields(request);
    if (!fields) return true;
    sendInvalid(request, reply, fields);
    return false;
  };
  return async (app) => {
    app.post<{ Body: StoryInput }>(
      '/stories',
      {
        attachValidation: true,
        schema: {
          summary: 'Create a story (a draft)',
          tags: ['newsroom'],
          body: storyBody,
          response: { 201: storyRecordSchema, ...storyAnswers },
        },
      },
      async (request, reply) => {
        if (!guard(request, reply)) return reply;
        return answer(request, reply, await stories.create(actorOf(request), request.body ?? {}), 201);
      },
    );

    app.patch<{ Params: { id: number }; Body: StoryInput }>(
      '/stories/:id',
      {
        attachValidation: true,
        schema: {
          summary: 'Edit a story; send its revision as If-Match (412 when someone saved in between)',
          tags: ['newsroom'],
          params: idParams,
          body: storyBody,
          response: storyAnswers,
        },
      },
      async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const outcome = await stories.update(
          actorOf(request),
          request.params.id,
          request.body ?? {},
          ifMatchRevision(request),
        );
        return answer(request, reply, outcome);
      },
    );

    app.post<{ Params: { id: number }; Body: { at?: string; timeZone?: string } | undefined }>(
      '/stories/:id/publish',
      {
        attachValidation: true,
        schema: {
          summary: 'Publish now, or schedule for `at` (ISO 8601 with an offset), shown in `timeZone`',
          tags: ['newsroom'],
          params: idParams,
          body: {
            type: ['object', 'null'],
            properties: {
              at: { type: 'string', maxLength: 64 },
              timeZone: { type: 'string', maxLength: 64, description: 'IANA zone; default TZ_DEFAULT' },
            },
            additionalProperties: false,
          },
          response: storyAnswers,
        },
      },
      async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const body = request.body ?? {};
        let at: Date | undefined;
        if (body.at !== undefined) {
          const parsed = parseInstant(body.at);
          if (!parsed) return sendInvalid(request, reply, { at: 'invalid_date' });
          at = parsed;
        }
        const outcome = await stories.publish(
          actorOf(request),
          request.params.id,
          { at, timeZone: body.timeZone },
          ifMatchRevision(request),
        );
        return answer(request, reply, outcome);
      },
    );

    app.post<{ Params: { id: number } }>(
      '/stories/:id/unpublish',
      {
        schema: {
          summary: 'Take a story off the site (or cancel its schedule)',
          tags: ['newsroom'],
          params: idParams,
          response: storyAnswers,
        },
      },
      async (request: IdRequest, reply) => {
        apiActor(request);
        return answer(
          request,
          reply,
          await stories.unpublish(actorOf(request), request.params.id, ifMatchRevision(request)),
        );
      },
    );

    app.delete<{ Params: { id: number } }>(
      '/stories/:id',
      {
        schema: {
          summary: 'Delete a draft or an unpublished story',
          tags: ['newsroom'],
          params: idParams,
          response: { 204: { type: 'null' }, ...errors, 409: apiErrorSchema },
        },
      },
      async (request: IdRequest, reply) => {
        apiActor(request);
        const outcome = await stories.remove(request.params.id);
        if (outcome.kind === 'deleted') return reply.code(204).send();
        return answer(request, reply, outcome);
      },
    );

    app.get<{ Params: { id: number } }>(
      '/stories/:id/revisions',
      {
        schema: {
          summary: 'A story’s revisions, newest first: who, when, what changed',
          tags: ['newsroom'],
          params: idParams,
          response: {
            200: {
              type: 'object',
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      n: { type: 'integer' },
                      author: { type: 'string' },
                      at: { type: 'string', format: 'date-time' },
                      summary: { type: 'string', description: 'In the request language' },
                      changes: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      async (request: IdRequest) => {
        apiActor(request);
        const list = await stories.revisions(request.params.id);
        if (!list) throw new HttpError(404, 'not_found', 'newsroom.notFound');
        const t = translator(requestLang(request));
        return {
          items: list.map((r) => ({
            n: r.n,
            author: r.authorId === null ? t('newsroom.scheduler') : r.author,
            at: r.at.toISOString(),
            summary: summaryText(t, r.summary),
            changes: r.summary.split(',').filter(Boolean),
          })),
        };
      },
    );

    app.post<{ Params: { id: number; n: number } }>(
      '/stories/:id/revisions/:n/restore',
      {
        schema: {
          summary: 'Put back revision n’s content (a new revision; the workflow state stays)',
          tags: ['newsroom'],
          params: {
            type: 'object',
            properties: { ...idParams.properties, n: { type: 'integer', minimum: 1, maximum: 999_999_999 } },
            required: ['id', 'n'],
          },
          response: storyAnswers,
        },
      },
      async (request, reply) => {
        apiActor(request);
        const outcome = await stories.restore(
          actorOf(request),
          request.params.id,
          request.params.n,
          ifMatchRevision(request),
        );
        if (outcome.kind === 'not_found' && (await stories.read(request.params.id)))
          throw new HttpError(404, 'not_found', 'newsroom.revisionNotFound');
        return answer(request, reply, outcome);
      },
    );

    app.get(
      '/topics',
      {
        schema: {
          summary: 'Every topic with its FR/EN names',
          tags: ['newsroom'],
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: topicSchema } } },
            ...errors,
          },
        },
      },
      async (request) => {
        apiActor(request);
        return { items: await topics.list() };
      },
    );

    app.post<{ Body: { slug?: string; name?: { fr?: string; en?: string } } }>(
      '/topics',
      {
        attachValidation: true,
        schema: {
          summary: 'Create a topic',
          tags: ['newsroom'],
          body: topicBody,
          response: { 201: topicSchema, ...errors, 409: apiErrorSchema, 422: detailedError },
        },
      },
      async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const result = await topics.create(request.body ?? {});
        if (result.kind === 'invalid') return sendInvalid(request, reply, result.errors);
        if (result.kind === 'slug_taken') throw new HttpError(409, 'slug_taken', 'newsroom.topicSlugTaken');
        if (result.kind !== 'ok') throw new HttpError(404, 'not_found', 'newsroom.topicNotFound');
        return reply.code(201).send(result.topic);
      },
    );

    app.patch<{ Params: { slug: string }; Body: { slug?: string; name?: { fr?: string; en?: string } } }>(
      '/topics/:slug',
      {
        attachValidation: true,
        schema: {
          summary: 'Rename a topic or change its slug',
          tags: ['newsroom'],
          params: { type: 'object', properties: { slug: { type: 'string', maxLength: 200 } } },
          body: topicBody,
          response: { 200: topicSchema, ...errors, 409: apiErrorSchema, 422: detailedError },
        },
      },
      async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const result = await topics.update(request.params.slug, request.body ?? {});
        if (result.kind === 'not_found') throw new HttpError(404, 'not_found', 'newsroom.topicNotFound');
        if (result.kind === 'invalid') return sendInvalid(request, reply, result.errors);
        if (result.kind === 'slug_taken') throw new HttpError(409, 'slug_taken', 'newsroom.topicSlugTaken');
        return result.topic;
      },
    );
  };
}
