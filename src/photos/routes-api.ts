/**
 * The photos' JSON API under /api/v1 (API.md, Newsroom): upload (multipart, one or more files, all
 * or nothing), read, caption and credit, delete (409 `in_use` with the published stories showing
 * it), and each rendition's file with Range, HEAD and ETag. Editors and admins for everything but the
 * files; files: editors always, others only for a photo a published story shows, the original only
 * for verified journalists.
 */

import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { apiAccess } from '../backoffice/public.ts';
import { viewerOf } from '../downloads/public.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { apiErrorSchema, HttpError } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { fieldErrorSchema, listOf, noContent, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { refusalMessage, sendInvalid, sendPhotoFile, storyTitles } from './http.ts';
import { cleanUpReceived, type MultipartLimits, receiveUpload } from './multipart.ts';
import { photoJson, photoSchema } from './photo-json.ts';
import { RENDITION_NAMES } from './rendition-plan.ts';
import { listPhotos } from './repository.ts';
import { fileRefusal, type PhotoService, renditionFile } from './service.ts';

export interface PhotosApiDeps {
  photos: PhotoService;
  storage: MediaStorage;
  limits: MultipartLimits;
  db: Parameters<typeof listPhotos>[0];
}

const photoId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const idParams = Type.Object({ id: photoId });
const errors = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
} as const;
const photoTexts = partial(
  {
    caption: partial(
      { fr: Type.String({ maxLength: 10_000 }), en: Type.String({ maxLength: 10_000 }) },
      { additionalProperties: false },
    ),
    credit: Type.String({ maxLength: 10_000 }),
  },
  { additionalProperties: false },
);

export function photosApi(deps: PhotosApiDeps): FastifyPluginAsync {
  const { photos, storage } = deps;
  return async (plugin) => {
    await plugin.register(multipart);
    cleanUpReceived(plugin);
    const app = typed(plugin);

    app.post(
      '/photos',
      {
        config: {
          csrf: { accept: ['multipart/form-data'], reason: 'photo uploads are multipart (API.md)' },
          streamingBody: true,
        },
        schema: {
          summary:
            'Upload one or more photos (multipart/form-data, streamed to disk); all are kept or none. `?return=fr|en`: answer the back-office form with a redirect to its page',
          tags: ['newsroom'],
          querystring: partial({ return: stringEnum(['fr', 'en']) }),
          response: {
            201: listOf(photoSchema),
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
          reply.redirect(`${localPath(back ?? 'en', '/admin/photos')}?${new URLSearchParams(query)}`, 303);
        let received: Awaited<ReturnType<typeof receiveUpload>>;
        try {
          received = await receiveUpload(request, storage, deps.limits);
        } catch (error) {
          if (back && error instanceof HttpError) return page({ refused: error.code });
          throw error;
        }
        if (received.files.length === 0) {
          if (back) return page({ refused: 'no_file' });
          throw new HttpError(400, 'no_file', 'photos.error.noFile');
        }
        const result = await photos.upload(received.files, access.userId);
        if (!result.ok) {
          const { code, name, megapixels } = result.refusal;
          if (back)
            return page({
              refused: code,
              file: name,
              ...(megapixels ? { megapixels: String(megapixels) } : {}),
            });
          const t = translator(requestLang(request));
          return reply
            .code(422)
            .send({ error: { code: result.refusal.code, message: refusalMessage(t, result.refusal) } });
        }
        if (back) return page({ done: 'uploaded', count: String(result.photos.length) });
        return reply.code(201).send({ items: result.photos.map(photoJson) });
      },
    );

    app.get(
      '/photos',
      {
        schema: {
          summary: 'The latest photos (editors)',
          tags: ['newsroom'],
          response: {
            200: listOf(photoSchema),
            ...errors,
          },
        },
      },
      async (request) => {
        apiAccess(request);
        return { items: (await listPhotos(deps.db)).map(photoJson) };
      },
    );

    app.get(
      '/photos/:id',
      {
        schema: {
          summary: 'A photo',
          tags: ['newsroom'],
          params: idParams,
          response: { 200: photoSchema, ...errors },
        },
      },
      async (request) => {
        apiAccess(request);
        const photo = await photos.get(request.params.id);
        if (!photo) throw new HttpError(404, 'not_found', 'photos.error.notFound');
        return photoJson(photo);
      },
    );

    app.patch(
      '/photos/:id',
      {
        attachValidation: true,
        schema: {
          summary: 'Caption (FR/EN) and credit of a photo',
          tags: ['newsroom'],
          params: idParams,
          body: photoTexts,
          response: { 200: photoSchema, ...errors, 422: fieldErrorSchema },
        },
      },
      async (request, reply) => {
        apiAccess(request);
        if (request.validationError) return sendInvalid(request, reply, { body: 'invalid' });
        const outcome = await photos.update(request.params.id, request.body ?? {});
        if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'photos.error.notFound');
        if (outcome.kind === 'invalid') return sendInvalid(request, reply, outcome.errors);
        return photoJson(outcome.photo);
      },
    );

    app.delete(
      '/photos/:id',
      {
        schema: {
          summary: 'Delete a photo (409 `in_use` while a published story shows it)',
          tags: ['newsroom'],
          params: idParams,
          response: { 204: noContent, ...errors, 409: fieldErrorSchema },
        },
      },
      async (request, reply) => {
        apiAccess(request);
        const outcome = await photos.remove(request.params.id);
        if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'photos.error.notFound');
        if (outcome.kind === 'in_use') {
          const t = translator(requestLang(request));
          return reply.code(409).send({
            error: {
              code: 'in_use',
              message: t('photos.error.inUse', {
                stories: storyTitles(requestLang(request), outcome.stories),
              }),
              stories: outcome.stories,
            },
          });
        }
        return reply.code(204).send();
      },
    );

    app.get(
      '/photos/:id/renditions/:name/file',
      {
        schema: {
          summary: 'A photo file: original (verified users), large, medium, thumb; Range, HEAD, ETag',
          tags: ['newsroom'],
          params: Type.Object({ id: photoId, name: stringEnum(RENDITION_NAMES) }),
          querystring: partial({ download: Type.Unknown({ description: '1: as an attachment' }) }),
        },
      },
      async (request, reply) => {
        const { id, name } = request.params;
        const photo = await photos.get(id);
        if (!photo) throw new HttpError(404, 'not_found', 'photos.error.notFound');
        const viewer = viewerOf(request.auth);
        const shown = viewer.kind === 'staff' || (await photos.shownPublicly(id));
        const refusal = fileRefusal(viewer, shown, name);
        if (refusal?.status === 404) throw new HttpError(404, 'not_found', 'photos.error.notFound');
        if (refusal?.status === 401) throw new HttpError(401, refusal.code, 'photos.error.verifiedOnly');
        if (refusal) throw new HttpError(403, refusal.code, 'photos.error.verifiedOnly');
        const file = renditionFile(photo, name);
        if (!file) throw new HttpError(404, 'not_found', 'photos.error.renditionNotFound');
        const isPublic = viewer.kind === 'anonymous' || (shown && name !== 'original');
        return sendPhotoFile(reply, storage, file, {
          attachment: name === 'original' || request.query.download === '1',
          cache: isPublic ? 'public, max-age=3600' : 'private, max-age=3600',
        });
      },
    );
  };
}
