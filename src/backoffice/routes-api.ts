/**
 * The upload API under /api/v1: the tus endpoint (`POST /uploads`, `HEAD|PATCH|DELETE
 * /uploads/{id}`) for editors and admins, and `GET /uploads/{id}/video` (the video a finished upload
 * became). The request body is never parsed by Fastify: tus streams it to the upload's file.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import { HttpError } from '../web/errors.ts';
import { apiErrorSchema, partial, Type, typed } from '../web/schemas.ts';
import { type Access, backofficeAccess, isUploadId, mayUseUpload } from './access.ts';
import type { Uploads } from './uploads.ts';

type Allowed = Extract<Access, { kind: 'ok' }>;

/** The signed-in user's name as people read it (for the audit log). */
export function displayName(request: FastifyRequest): string {
  const user = request.auth?.user;
  if (!user) return '';
  return [user.first_name, user.last_name].filter(Boolean).join(' ').trim() || user.email;
}

export function apiAccess(request: FastifyRequest): Allowed {
  const access = backofficeAccess(request.auth);
  if (access.kind === 'signed-out') throw new HttpError(401, 'unauthenticated', 'backoffice.signInRequired');
  if (access.kind === 'forbidden') throw new HttpError(403, 'forbidden', 'backoffice.forbidden');
  return access;
}

export function uploadsApi(deps: { uploads: Uploads; web: WebAuth }): FastifyPluginAsync {
  const { uploads } = deps;
  return async (app) => {
    // tus bodies (application/offset+octet-stream) stay unread: tus pipes the raw request to disk.
    app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

    const tus = async (request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
      const access = apiAccess(request);
      const id = request.params.id;
      if (id !== undefined) {
        // The id tus acts on is the one authorised here: one plain id, no query string.
        if (!isUploadId(id) || request.raw.url?.includes('?'))
          throw new HttpError(400, 'invalid_upload_id', 'backoffice.invalidUploadId');
        const owner = await uploads.ownerOf(id);
        if (owner.exists && !mayUseUpload(access, owner.userId))
          throw new HttpError(403, 'not_yours', 'backoffice.notYours');
      }
      reply.hijack();
      await uploads.handle(request.raw, reply.raw, access.userId, id, displayName(request));
    };
    const hidden = { schema: { hide: true } };
    app.post('/uploads', hidden, tus);
    // A PATCH streams a master for as long as it takes: bounded by the idle timeout (src/web/timeouts.ts).
    const streaming = { ...hidden, config: { streamingBody: true } };
    app.route({ method: ['HEAD', 'PATCH', 'DELETE'], url: '/uploads/:id', ...streaming, handler: tus });
    app.options('/uploads', hidden, async (request, reply) => {
      reply.hijack();
      await uploads.handle(request.raw, reply.raw, '');
    });

    typed(app).get(
      '/uploads/:id/video',
      {
        schema: {
          tags: ['back office'],
          summary:
            'The video a finished upload became (handed to ingest on the last PATCH, or now if that was interrupted).',
          params: Type.Object({ id: Type.String({ maxLength: 128 }) }),
          response: {
            200: partial({ uploadId: Type.String(), videoId: Type.String() }),
            401: apiErrorSchema,
            403: apiErrorSchema,
            404: apiErrorSchema,
            409: apiErrorSchema,
          },
        },
      },
      async (request) => {
        const access = apiAccess(request);
        const owner = await uploads.ownerOf(request.params.id);
        if (!owner.exists) throw new HttpError(404, 'not_found', 'backoffice.uploadNotFound');
        if (!mayUseUpload(access, owner.userId)) throw new HttpError(403, 'not_yours', 'backoffice.notYours');
        const outcome = await uploads.ensureIngested(request.params.id, displayName(request));
        if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'backoffice.uploadNotFound');
        if (outcome.kind === 'incomplete')
          throw new HttpError(409, 'upload_incomplete', 'backoffice.uploadIncomplete', {
            offset: outcome.offset,
            size: outcome.size ?? '?',
          });
        return { uploadId: request.params.id, videoId: outcome.videoId };
      },
    );
  };
}
