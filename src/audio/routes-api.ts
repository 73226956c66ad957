/**
 * The audio JSON API under /api/v1: upload (multipart, streamed to disk, all or nothing; the back
 * office's form posts here too, with `?return=fr|en` to come back to its page), list, read, titles,
 * descriptions and credit, delete (409 `in_use` with the published stories showing it), and each file
 * (`original`, `preview`, `waveform`) with Range, HEAD and ETag. Editors and admins for everything but
 * the files; files: editors always, others only for an item a published story shows, the original
 * only for verified journalists.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { apiAccess } from '../backoffice/public.ts';
import { type StoredFileSender, viewerOf } from '../downloads/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { apiErrorSchema, HttpError } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { dictionaryOf, listOf, noContent, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { audioJson, audioSchema } from './audio-json.ts';
import { invalidBody, refusalMessage, sendAudioFile, storyTitles } from './http.ts';
import { cleanUpReceived, type MultipartLimits, receiveUpload } from './multipart.ts';
import { listAudio } from './repository.ts';
import { type AudioService, audioFile, FILE_NAMES, fileRefusal } from './service.ts';

export interface AudioApiDeps {
  audio: AudioService;
  storage: MediaStorage;
  sendFile: StoredFileSender;
  limits: MultipartLimits;
  db: AnyDb;
}

const idParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const errors = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
} as const;
const invalidSchema = partial({
  error: partial({
    code: Type.String(),
    message: Type.String(),
    fields: dictionaryOf(Type.String(), { description: 'field -> error code' }),
    messages: dictionaryOf(Type.String(), { description: 'field -> message' }),
  }),
});
const inUseSchema = partial({
  error: partial({
    code: Type.String(),
    message: Type.String(),
    stories: Type.Array(partial({ id: Type.Integer(), slug: Type.String(), title: Type.String() })),
  }),
});
const text = (max: number) => Type.String({ maxLength: max });
const patchBody = Type.Object(
  {
    translations: Type.Optional(
      Type.Object(
        {
          fr: Type.Optional(
            Type.Object(
              { title: Type.Optional(text(10_000)), description: Type.Optional(text(50_000)) },
              { additionalProperties: false },
            ),
          ),
          en: Type.Optional(
            Type.Object(
              { title: Type.Optional(text(10_000)), description: Type.Optional(text(50_000)) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    credit: Type.Optional(text(10_000)),
  },
  { additionalProperties: false },
);

export function audioApi(deps: AudioApiDeps): FastifyPluginAsync {
  const { audio, storage } = deps;
  return async (plain) => {
    await plain.register(multipart);
    cleanUpReceived(plain);
    const app = typed(plain);

    app.post(
      '/audio',
      {
        config: {
          csrf: { accept: ['multipart/form-data'], reason: 'audio uploads are multipart, like photos' },
          streamingBody: true,
        },
        schema: {
          summary:
            'Upload one or more sound files (multipart/form-data, streamed to disk); all are kept or none. `?return=fr|en`: answer the back-office form with a redirect to its page',
          tags: ['newsroom'],
          querystring: partial({ return: stringEnum(['fr', 'en']) }),
          response: {
            201: listOf(audioSchema),
            303: Type.Null(),
            ...errors,
            413: apiErrorSchema,
            415: apiErrorSchema,
            422: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const access = apiAccess(request);
        const back = request.query.return;
        const page = (query: Record<string, string>) =>
          reply.redirect(`${localPath(back ?? 'en', '/admin/audio')}?${new URLSearchParams(query)}`, 303);
        let received: Awaited<ReturnType<typeof receiveUpload>>;
        try {
          received = await receiveUpload(request, storage, deps.limits);
        } catch (error) {
          if (back && error instanceof HttpError) return page({ refused: error.code });
          throw error;
        }
        if (received.files.length === 0) {
          if (back) return page({ refused: 'no_file' });
          throw new HttpError(400, 'no_file', 'audio.error.noFile');
        }
        const result = await audio.upload(received.files, access.userId);
        if (!result.ok) {
          const { code, name, codec } = result.refusal;
          if (back) return page({ refused: code, file: name, ...(codec ? { codec } : {}) });
          const t = translator(requestLang(request));
          return reply.code(422).send({ error: { code, message: refusalMessage(t, result.refusal) } });
        }
        if (back) return page({ done: 'uploaded', count: String(result.items.length) });
        return reply.code(201).send({ items: result.items.map(audioJson) });
      },
    );

    app.get(
      '/audio',
      {
        schema: {
          summary: 'The latest audio items (editors)',
          tags: ['newsroom'],
          response: { 200: listOf(audioSchema), ...errors },
        },
      },
      async (request) => {
        apiAccess(request);
        return { items: (await listAudio(deps.db)).map(audioJson) };
      },
    );

    app.get(
      '/audio/:id',
      {
        schema: {
          summary: 'An audio item',
          tags: ['newsroom'],
          params: idParams,
          response: { 200: audioSchema, ...errors },
        },
      },
      async (request) => {
        apiAccess(request);
        const item = await audio.get(request.params.id);
        if (!item) throw new HttpError(404, 'not_found', 'audio.error.notFound');
        return audioJson(item);
      },
    );

    app.patch(
      '/audio/:id',
      {
        attachValidation: true,
        schema: {
          summary: 'Titles and descriptions (FR/EN) and credit of an audio item',
          tags: ['newsroom'],
          params: idParams,
          body: patchBody,
          response: { 200: audioSchema, ...errors, 422: invalidSchema },
        },
      },
      async (request, reply) => {
        apiAccess(request);
        if (request.validationError) return reply.code(422).send(invalidBody(request, { body: 'invalid' }));
        const outcome = await audio.update(request.params.id, request.body ?? {});
        if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'audio.error.notFound');
        if (outcome.kind === 'invalid') return reply.code(422).send(invalidBody(request, outcome.errors));
        return audioJson(outcome.item);
      },
    );

    app.delete(
      '/audio/:id',
      {
        schema: {
          summary: 'Delete an audio item (409 `in_use` while a published story shows it)',
          tags: ['newsroom'],
          params: idParams,
          response: { 204: noContent, ...errors, 409: inUseSchema },
        },
      },
      async (request, reply) => {
        apiAccess(request);
        const outcome = await audio.remove(request.params.id);
        if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'audio.error.notFound');
        if (outcome.kind === 'in_use') {
          const lang = requestLang(request);
          return reply.code(409).send({
            error: {
              code: 'in_use',
              message: translator(lang)('audio.error.inUse', { stories: storyTitles(lang, outcome.stories) }),
              stories: outcome.stories,
            },
          });
        }
        return reply.code(204).send();
      },
    );

    app.get(
      '/audio/:id/files/:name',
      {
        schema: {
          summary:
            'A file of an audio item: original (verified users), preview (AAC), waveform (PNG); Range, HEAD, ETag',
          tags: ['newsroom'],
          params: Type.Object({ id: idParams.properties.id, name: stringEnum(FILE_NAMES) }),
          querystring: partial({ download: stringEnum(['1']) }),
        },
      },
      async (request, reply) => {
        const { id, name } = request.params;
        const item = await audio.get(id);
        if (!item) throw new HttpError(404, 'not_found', 'audio.error.notFound');
        const viewer = viewerOf(request.auth);
        const shown = viewer.kind === 'staff' || (await audio.shownPublicly(id));
        const refusal = fileRefusal(viewer, shown, name);
        if (refusal?.status === 404) throw new HttpError(404, 'not_found', 'audio.error.notFound');
        if (refusal) throw new HttpError(refusal.status, refusal.code, 'audio.error.verifiedOnly');
        const file = audioFile(item, name);
        if (!file) throw new HttpError(404, 'not_found', 'audio.error.fileNotFound');
        const isPublic = viewer.kind === 'anonymous' || (shown && name !== 'original');
        return sendAudioFile(deps, request, reply, file, {
          attachment: name === 'original' || request.query.download === '1',
          cache: isPublic ? 'public, max-age=3600' : 'private, max-age=3600',
        });
      },
    );
  };
}
