/**
 * Clip API (/api/v1/openapi.json): request a clip by frames or by the master's timecodes, follow
 * it, and download the file with byte ranges. Only verified, signed-in users; embargoed videos none.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebAuth } from '../accounts/public.ts';
import type { AudioClipAccess } from '../audio/public.ts';
import type { DownloadAuthorisation, FileDelivery } from '../downloads/public.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { HttpError } from '../web/errors.ts';
import { type Lang, type MessageKey, type Translator, translate } from '../web/i18n/index.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { apiErrorSchema, nullable, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { requestAudioClip } from './audio/service.ts';
import { parseAudioColumn } from './audio-choice.ts';
import { failureMessage } from './failure.ts';
import { resolveAudioClipFile, resolveClipFile } from './file.ts';
import type { ClipMethod } from './plan/plan.ts';
import { reasonMessage } from './request-reason.ts';
import { type ClipRange, ClipRequestError, getClip, requestClip } from './service.ts';
import type { Clip, ClipsTables } from './tables.ts';

export interface ClipRoutesDeps {
  web: WebAuth;
  db: Kysely<ClipsTables>;
  jobs: JobQueue;
  storage: MediaStorage;
  clock: () => Date;
  /** The downloads feature's delivery: headers, ranges, nginx offload and the download history. */
  deliverFile: FileDelivery;
  /** The downloads feature's rule: may this request download (and so cut) this video? */
  authoriseDownload: DownloadAuthorisation;
  /** Clips one user may have queued or being made at once (CLIP_QUEUE_PER_USER). */
  queuePerUser: number;
  /** The audio feature's rule and facts: parts of audio items share this API (`kind: "audio"`). */
  audioClipAccess: AudioClipAccess;
}

const clipSchema = partial({
  id: Type.String(),
  kind: stringEnum(['video', 'audio'], {
    description: 'A video’s clip, or a part of an audio item (`videoId` is then the audio item’s id)',
  }),
  videoId: Type.String(),
  status: stringEnum(['queued', 'running', 'ready', 'failed']),
  progress: Type.Number(),
  inFrame: Type.Integer(),
  outFrame: Type.Integer(),
  frames: Type.Integer(),
  profile: stringEnum(['broadcast', 'web']),
  method: stringEnum(['copy', 'smart', 'reencode']),
  reason: Type.String({ description: 'Why this method; says so when the range is re-encoded whole' }),
  startTimecode: Type.String(),
  container: Type.String(),
  size: nullable(Type.Integer()),
  fileUrl: nullable(Type.String()),
  error: nullable(
    Type.String({
      description:
        'Why the clip failed, in the caller’s language (a clip that fails verification is never delivered)',
    }),
  ),
  audio: nullable(
    Type.Array(Type.Integer(), {
      description: 'The master’s audio stream indexes the clip keeps; null: every stream',
    }),
  ),
  notes: Type.Array(Type.String(), {
    description: 'What the job did: verification, a remake by the safe path (a full re-encode of the range)',
  }),
});
const clipParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** A clip as the API answers it; `t` translates a failure's reason (English when absent). */
export function clipJson(clip: Clip, t?: Translator) {
  return {
    id: clip.id,
    kind: clip.audio_id ? ('audio' as const) : ('video' as const),
    videoId: clip.video_id ?? clip.audio_id ?? '',
    status: clip.status,
    progress: Number(clip.progress),
    inFrame: clip.in_frame,
    outFrame: clip.out_frame,
    frames: clip.out_frame - clip.in_frame,
    profile: clip.profile,
    // Written from the plan's ClipMethod (the column is text).
    method: clip.method as ClipMethod,
    reason: clip.reason,
    startTimecode: clip.start_timecode,
    container: clip.container,
    size: clip.size === null ? null : Number(clip.size),
    fileUrl: clip.status === 'ready' ? `/api/v1/clips/${clip.id}/file` : null,
    error: clip.status === 'failed' ? (failureMessage(clip, t) ?? clip.error) : null,
    audio: parseAudioColumn(clip.audio_streams),
    notes: clip.notes ? clip.notes.split('\n') : [],
  };
}

/** Who may make and fetch clips: the same rule as full downloads (downloads/video-access.ts). */
export async function authorise(
  deps: ClipRoutesDeps,
  request: FastifyRequest,
  videoId: string,
): Promise<string> {
  await deps.authoriseDownload(request, videoId, deps.clock());
  const userId = request.auth?.user.id;
  if (!userId) throw new HttpError(401, 'sign_in_required', 'downloads.error.signIn');
  return userId;
}

const REQUEST_ERRORS: Record<ClipRequestError['code'], MessageKey> = {
  video_not_found: 'video.notFound',
  video_not_ready: 'clips.error.notReady',
  invalid_timecode: 'clips.error.timecode',
  invalid_range: 'clips.error.range',
  too_many_clips: 'clips.error.tooMany',
  master_refused: 'clips.error.masterRefused',
  unsupported_codec: 'clips.error.unsupportedCodec',
  invalid_audio: 'clips.error.audio',
};

/** The HTTP error for a refused clip request, its detail in this language. */
export function clipRequestHttpError(error: ClipRequestError, lang: Lang): HttpError {
  const { max, codec, reason } = error.details;
  // The reason in the user's language; the engine's English message only where none is known.
  const said = reason ? reasonMessage(reason) : null;
  const detail = said ? translate(lang, said.key, said.params) : error.message;
  return new HttpError(error.status, error.code, REQUEST_ERRORS[error.code], {
    detail,
    ...(max !== undefined ? { max } : {}),
    ...(codec !== undefined ? { codec } : {}),
  });
}

/** The HTTP error for a refused clip request (other errors pass through); Retry-After for a 429. */
export function requestErrorToHttp(error: unknown, reply: FastifyReply): unknown {
  if (!(error instanceof ClipRequestError)) return error;
  const { retryAfterSeconds } = error.details;
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return clipRequestHttpError(error, requestLang(reply.request));
}

export function clipRoutes(deps: ClipRoutesDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.post(
      '/videos/:id/clips',
      {
        // Each new clip costs the workers seconds to minutes: the stricter rate limit (app.ts).
        config: { costly: true },
        schema: {
          summary: 'Request a frame-accurate part of a video (half-open range, frames or timecodes)',
          description:
            'A clip not made yet is queued (202) and counts against the caller’s clips queued or being made (CLIP_QUEUE_PER_USER, default 4): beyond it, 429 `too_many_clips` with Retry-After. A clip already made (200) or already queued by someone never counts. A broadcast clip of a master whose codec has no matched encoder (HEVC, MPEG-4 Part 2…) is refused at once: 422 `unsupported_codec`, naming the codec and offering the web profile. Every clip is verified before it is ready (frames, durations, edge frames, audio samples); one that fails is remade by a full re-encode of the range, or fails.',
          tags: ['clips'],
          params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
          body: partial(
            {
              inFrame: Type.Integer({ minimum: 0 }),
              outFrame: Type.Integer({ minimum: 1 }),
              in: Type.String({ maxLength: 20, description: 'SMPTE timecode of the first frame included' }),
              out: Type.String({
                maxLength: 20,
                description: 'SMPTE timecode of the first frame not included',
              }),
              profile: stringEnum(['broadcast', 'web'], { default: 'broadcast' }),
              audio: Type.Array(Type.Integer({ minimum: 0, maximum: 1000 }), {
                maxItems: 64,
                description:
                  'The master’s audio stream indexes to keep (sample-exact, every channel); absent: every stream',
              }),
            },
            { oneOf: [{ required: ['inFrame', 'outFrame'] }, { required: ['in', 'out'] }] },
          ),
          response: {
            200: clipSchema,
            202: clipSchema,
            401: apiErrorSchema,
            403: apiErrorSchema,
            404: apiErrorSchema,
            409: apiErrorSchema,
            422: apiErrorSchema,
            429: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const body = request.body;
        const range: ClipRange =
          body.inFrame !== undefined && body.outFrame !== undefined
            ? { inFrame: body.inFrame, outFrame: body.outFrame }
            : { in: body.in ?? '', out: body.out ?? '' };
        // An audio item's id: a part of its master, by the audio feature's rule (clips/audio/).
        const audioMaster = await deps.audioClipAccess(request, id);
        if (audioMaster) {
          const userId = request.auth?.user.id;
          if (!userId) throw new HttpError(401, 'sign_in_required', 'downloads.error.signIn');
          try {
            const { clip, made } = await requestAudioClip(deps, { master: audioMaster, range, userId });
            return reply.code(made ? 200 : 202).send(clipJson(clip, pageContext(request).t));
          } catch (error) {
            throw requestErrorToHttp(error, reply);
          }
        }
        const userId = await authorise(deps, request, id);
        try {
          const { clip, made } = await requestClip(deps, {
            videoId: id,
            range,
            profile: body.profile ?? 'broadcast',
            audio: body.audio ?? null,
            userId,
          });
          return reply.code(made ? 200 : 202).send(clipJson(clip, pageContext(request).t));
        } catch (error) {
          throw requestErrorToHttp(error, reply);
        }
      },
    );

    app.get(
      '/clips/:id',
      {
        schema: {
          summary: 'A clip: status, progress, frames and, once ready, its file URL',
          tags: ['clips'],
          params: clipParams,
          response: { 200: clipSchema, 404: apiErrorSchema },
        },
      },
      async (request) => {
        const clip = await getClip(deps.db, request.params.id);
        if (!clip) throw new HttpError(404, 'not_found', 'clips.error.notFound');
        return clipJson(clip, pageContext(request).t);
      },
    );

    app.route({
      method: ['GET', 'HEAD'],
      url: '/clips/:id/file',
      exposeHeadRoute: false,
      schema: {
        summary: 'The clip file (Range, HEAD, ETag)',
        description:
          'Delivered like a full rendition and recorded in the download history with the clip’s in and out timecodes. Range (one range: 206; 416 when unsatisfiable), HEAD, strong ETag, If-Range, If-None-Match (304), If-Match (412).',
        tags: ['clips'],
        params: clipParams,
        response: { 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
      handler: async (request, reply) => {
        const clip = await getClip(deps.db, request.params.id);
        if (!clip) throw new HttpError(404, 'not_found', 'clips.error.notFound');
        const audioMaster = clip.audio_id ? await deps.audioClipAccess(request, clip.audio_id) : null;
        if (clip.audio_id) {
          if (!audioMaster) throw new HttpError(404, 'not_found', 'clips.error.notFound');
          if (!request.auth?.user.id) throw new HttpError(401, 'sign_in_required', 'downloads.error.signIn');
        } else await authorise(deps, request, clip.video_id ?? '');
        if (clip.status !== 'ready' || !clip.file_path)
          throw new HttpError(409, 'not_ready', 'clips.error.fileNotReady');
        const resolved = audioMaster
          ? await resolveAudioClipFile(deps.storage, clip, clip.file_path, audioMaster.title.en)
          : await resolveClipFile(deps.db, deps.storage, clip, clip.file_path);
        // Evicted from the cache since: the clip must be asked for again.
        if (!resolved) throw new HttpError(404, 'not_found', 'clips.error.notFound');
        return deps.deliverFile(request, reply, resolved.file, resolved.history);
      },
    });
  };
}
