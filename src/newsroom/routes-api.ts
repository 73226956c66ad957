/**
 * The newsroom's JSON API under /api/v1 (API.md, Newsroom): stories (create, edit with If-Match,
 * publish or schedule, unpublish, revisions and restore, delete) and topics. Editors and admins only;
 * `GET /stories/{id}` is answered by the catalogue's `GET /stories/{slug}` route (a numeric id).
 * Bodies are validated by their schema and by the service; every bad field is named (422).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { storyRecordSchema } from '../catalog/public.ts';
import { HttpError } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import {
  apiErrorSchema,
  fieldErrorSchema,
  listOf,
  noContent,
  nullable,
  partial,
  stringEnum,
  Type,
  translations,
  typed,
} from '../web/schemas.ts';
import { actorOf, answer, apiActor, ifMatchRevision, sendInvalid, validationFields } from './http.ts';
import { parseInstant } from './schedule.ts';
import type { StoryService } from './service.ts';
import type { TopicService } from './topics.ts';
import { summaryText } from './wording.ts';

const text = nullable(
  partial(
    {
      title: Type.String({ maxLength: 1000 }),
      standfirst: Type.String({ maxLength: 5000 }),
      body: Type.String({ maxLength: 200_000 }),
    },
    { additionalProperties: false },
  ),
);
const mediaRef = Type.Object(
  { kind: stringEnum(['video', 'audio', 'photo']), id: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
const storyBody = partial(
  {
    translations: translations(text, { additionalProperties: false }),
    topics: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
    media: Type.Array(mediaRef, { maxItems: 200 }),
    leadMedia: Type.Union([mediaRef, Type.Null()]),
    slug: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);
const revisionNumber = Type.Integer({ minimum: 1, maximum: 999_999_999 });
const idParams = Type.Object({ id: revisionNumber });
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const storyAnswers = {
  200: storyRecordSchema,
  ...errors,
  409: apiErrorSchema,
  412: fieldErrorSchema,
  422: fieldErrorSchema,
};
const topicSchema = partial({
  slug: Type.String(),
  name: translations(Type.String()),
  stories: Type.Integer(),
});
const topicBody = partial(
  {
    slug: Type.String({ maxLength: 200 }),
    name: translations(Type.String({ maxLength: 500 }), { additionalProperties: false }),
  },
  { additionalProperties: false },
);

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
  return async (plugin) => {
    const app = typed(plugin);
    app.post(
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

    app.patch(
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

    app.post(
      '/stories/:id/publish',
      {
        attachValidation: true,
        schema: {
          summary: 'Publish now, or schedule for `at` (ISO 8601 with an offset), shown in `timeZone`',
          tags: ['newsroom'],
          params: idParams,
          body: nullable(
            partial(
              {
                at: Type.String({ maxLength: 64 }),
                timeZone: Type.String({ maxLength: 64, description: 'IANA zone; default TZ_DEFAULT' }),
              },
              { additionalProperties: false },
            ),
          ),
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

    app.post(
      '/stories/:id/unpublish',
      {
        schema: {
          summary: 'Take a story off the site (or cancel its schedule)',
          tags: ['newsroom'],
          params: idParams,
          response: storyAnswers,
        },
      },
      async (request, reply) => {
        apiActor(request);
        return answer(
          request,
          reply,
          await stories.unpublish(actorOf(request), request.params.id, ifMatchRevision(request)),
        );
      },
    );

    app.delete(
      '/stories/:id',
      {
        schema: {
          summary: 'Delete a draft or an unpublished story',
          tags: ['newsroom'],
          params: idParams,
          response: { 204: noContent, ...errors, 409: apiErrorSchema },
        },
      },
      async (request, reply) => {
        apiActor(request);
        const outcome = await stories.remove(request.params.id, actorOf(request));
        if (outcome.kind === 'deleted') return reply.code(204).send();
        return answer(request, reply, outcome);
      },
    );

    app.get(
      '/stories/:id/revisions',
      {
        schema: {
          summary: 'A story’s revisions, newest first: who, when, what changed',
          tags: ['newsroom'],
          params: idParams,
          response: {
            200: listOf(
              partial({
                n: Type.Integer(),
                author: Type.String(),
                at: Type.String({ format: 'date-time' }),
                summary: Type.String({ description: 'In the request language' }),
                changes: Type.Array(Type.String()),
              }),
            ),
            ...errors,
          },
        },
      },
      async (request) => {
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

    app.post(
      '/stories/:id/revisions/:n/restore',
      {
        schema: {
          summary: 'Put back revision n’s content (a new revision; the workflow state stays)',
          tags: ['newsroom'],
          params: Type.Object({ id: revisionNumber, n: revisionNumber }),
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
            200: listOf(topicSchema),
            ...errors,
          },
        },
      },
      async (request) => {
        apiActor(request);
        return { items: await topics.list() };
      },
    );

    app.post(
      '/topics',
      {
        attachValidation: true,
        schema: {
          summary: 'Create a topic',
          tags: ['newsroom'],
          body: topicBody,
          response: { 201: topicSchema, ...errors, 409: apiErrorSchema, 422: fieldErrorSchema },
        },
      },
      async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const result = await topics.create(request.body ?? {}, actorOf(request));
        if (result.kind === 'invalid') return sendInvalid(request, reply, result.errors);
        if (result.kind === 'slug_taken') throw new HttpError(409, 'slug_taken', 'newsroom.topicSlugTaken');
        if (result.kind !== 'ok') throw new HttpError(404, 'not_found', 'newsroom.topicNotFound');
        return reply.code(201).send(result.topic);
      },
    );

    app.patch(
      '/topics/:slug',
      {
        attachValidation: true,
        schema: {
          summary: 'Rename a topic or change its slug',
          tags: ['newsroom'],
          params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
          body: topicBody,
          response: { 200: topicSchema, ...errors, 409: apiErrorSchema, 422: fieldErrorSchema },
        },
      },
      async (request, reply) => {
        if (!guard(request, reply)) return reply;
        const result = await topics.update(request.params.slug, request.body ?? {}, actorOf(request));
        if (result.kind === 'not_found') throw new HttpError(404, 'not_found', 'newsroom.topicNotFound');
        if (result.kind === 'invalid') return sendInvalid(request, reply, result.errors);
        if (result.kind === 'slug_taken') throw new HttpError(409, 'slug_taken', 'newsroom.topicSlugTaken');
        return result.topic;
      },
    );
  };
}
