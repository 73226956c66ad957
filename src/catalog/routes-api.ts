/**
 * JSON API of the catalogue (/api/v1/openapi.json): stories and videos, each video shown only as far
 * as the one video rule lets the caller (downloads/video-access.ts); an editor sets a video's embargo.
 * Schemas validate and document at once.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { apiAccess } from '../backoffice/public.ts';
import {
  createDownloadsRepository,
  type DownloadFacts,
  loadDownloadFacts,
  usageJson,
  videoAccess,
  viewerOf,
} from '../downloads/public.ts';
import { frameToTimecode } from '../lib/timecode/timecode.ts';
import type { Database } from '../platform/db/schema.ts';
import { HttpError } from '../web/errors.ts';
import { type MessageKey, type Translator, translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { apiErrorSchema, nullable, pageOf, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { parseEmbargoUntil } from './embargo-date.ts';
import { getStory, getVideo, listStories, type StoryVideo } from './stories.ts';
import { storyRecordJson } from './story-json.ts';
import { readStoryRecord } from './story-store.ts';
import { posterUrl, previewFileUrl, watchable } from './views.ts';

const lang = stringEnum(['fr', 'en']);
const videoSchema = partial({
  id: Type.String(),
  title: Type.String(),
  status: stringEnum(['processing', 'ready', 'failed']),
  progress: Type.Number(),
  fps: nullable(Type.String()),
  durationFrames: nullable(Type.Integer()),
  startTimecode: nullable(Type.String()),
  previewUrl: nullable(Type.String({ description: 'HLS master playlist, once the first segments play' })),
  posterUrl: nullable(Type.String()),
  renditions: Type.Array(
    partial({
      name: stringEnum(['master', 'web', 'audio']),
      container: Type.String(),
      videoCodec: nullable(Type.String()),
      audioChannels: Type.Integer(),
      size: nullable(Type.Integer({ description: 'Known once the rendition is made' })),
      sha256: nullable(Type.String()),
      status: stringEnum(['ready', 'preparing', 'on-request']),
      fileUrl: Type.String(),
    }),
  ),
  usage: partial({
    credit: nullable(Type.String()),
    terms: nullable(Type.String({ description: 'In the request language' })),
    restrictions: nullable(Type.String()),
    embargoUntil: nullable(Type.String({ format: 'date-time' })),
    downloadable: Type.Boolean(),
  }),
  shotlist: Type.Array(
    partial({
      inFrame: Type.Integer(),
      outFrame: Type.Integer(),
      in: Type.String(),
      out: Type.String(),
      description: Type.String(),
    }),
  ),
  error: nullable(Type.String({ description: 'Why processing failed, in the request language' })),
  embargoUntil: nullable(
    Type.String({ format: 'date-time', description: 'Until when the video is under embargo (null: none)' }),
  ),
  embargoKind: stringEnum(['hidden', 'available'], {
    description:
      'hidden: only editors see it before the date; available: listed, previewed by verified journalists, downloadable from the date',
  }),
});
const storySummary = partial({
  slug: Type.String(),
  title: Type.String(),
  standfirst: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  videoIds: Type.Array(Type.String()),
});
const idParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

/** Shots with their timecodes in the master's own timecode (half-open, like clip ranges). */
function shotsJson(video: StoryVideo, lang: 'fr' | 'en') {
  if (!video.fps) return [];
  const [num = 25, den = 1] = video.fps.split('/').map(Number);
  const start = video.startTimecode ?? '00:00:00:00';
  const format = { rate: { num, den }, dropFrame: start.includes(';') };
  return video.shotlist.map((shot) => ({
    inFrame: shot.inFrame,
    outFrame: shot.outFrame,
    in: frameToTimecode(shot.inFrame, start, format),
    out: frameToTimecode(shot.outFrame, start, format),
    description: lang === 'fr' ? shot.fr : shot.en,
  }));
}

/** Why a video failed, for people: the refusal's reason, or "processing failed"; null unless failed. */
export function videoErrorMessage(status: string, errorCode: string | null, t: Translator): string | null {
  if (status !== 'failed') return null;
  const refused = ['not_media', 'truncated', 'no_video', 'unreadable'].includes(errorCode ?? '');
  return t(refused ? (`media.error.${errorCode}` as MessageKey) : 'media.error.failed');
}

function videoJson(video: StoryVideo, t: Translator, facts: DownloadFacts | undefined, lang: 'fr' | 'en') {
  return {
    ...video,
    previewUrl: video.previewState === 'none' ? null : previewFileUrl(video.id, 'master.m3u8'),
    posterUrl: video.previewState === 'none' ? null : posterUrl(video.id),
    renditions: facts?.renditions ?? [],
    usage: usageJson(facts, lang),
    embargoUntil: facts?.usage?.embargoUntil?.toISOString() ?? null,
    embargoKind: facts?.usage?.embargoKind ?? 'available',
    shotlist: shotsJson(video, lang),
    error: videoErrorMessage(video.status, video.errorCode ?? null, t),
  };
}

export function catalogApi(db: Kysely<Database>): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/stories',
      {
        schema: {
          summary: 'List published stories, newest first',
          tags: ['catalogue'],
          querystring: Type.Object({
            lang: Type.Optional(lang),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
          }),
          response: { 200: pageOf(storySummary), 400: apiErrorSchema },
        },
      },
      async (request) => {
        const page = await listStories(db, requestLang(request), {
          page: request.query.page,
          query: request.query.q,
        });
        const access = await videoAccess(
          db,
          viewerOf(request.auth),
          page.items.flatMap((s) => s.videoIds),
          new Date(),
        );
        return {
          items: page.items.map((s) => ({
            ...s,
            videoIds: s.videoIds.filter((id) => access.get(id)?.see),
            publishedAt: s.publishedAt.toISOString(),
          })),
          page: page.page,
          total: page.total,
        };
      },
    );

    app.get(
      '/stories/:slug',
      {
        schema: {
          summary: 'One published story with its videos (by slug); editors: any story by its numeric id',
          description:
            'A numeric parameter is a story id (slugs are never all digits): editors and admins get the story in the newsroom shape (drafts too, with its revision; ETag carries it), others 401/403.',
          tags: ['catalogue'],
          params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
          querystring: partial({ lang }),
          response: {
            200: partial({
              slug: Type.String(),
              title: Type.String(),
              standfirst: Type.String(),
              body: Type.Array(Type.String()),
              publishedAt: Type.String({ format: 'date-time' }),
              videos: Type.Array(videoSchema),
            }),
            404: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        if (/^\d{1,9}$/.test(request.params.slug)) {
          apiAccess(request);
          const record = await readStoryRecord(db, Number(request.params.slug));
          if (!record) throw new HttpError(404, 'not_found', 'story.notFound');
          reply.header('etag', `"${record.revision}"`);
          // The newsroom's shape, not this route's: sent as is, past the reply schema.
          return reply.serializer(JSON.stringify).send(storyRecordJson(record) as never);
        }
        const story = await getStory(db, requestLang(request), request.params.slug);
        if (!story) throw new HttpError(404, 'not_found', 'story.notFound');
        const lang = requestLang(request);
        const ids = story.videos.map((v) => v.id);
        const [facts, access] = await Promise.all([
          loadDownloadFacts(db, ids),
          videoAccess(db, viewerOf(request.auth), ids, new Date()),
        ]);
        const shown = story.videos.filter((v) => access.get(v.id)?.see);
        return {
          ...story,
          videoIds: shown.map((v) => v.id),
          publishedAt: story.publishedAt.toISOString(),
          videos: shown.map((v) =>
            videoJson(
              watchable(v, access.get(v.id)?.watch ?? false),
              translator(lang),
              facts.get(v.id),
              lang,
            ),
          ),
        };
      },
    );

    app.get(
      '/videos/:id',
      {
        schema: {
          summary: 'One video: status, progress, frame rate, duration and start timecode',
          tags: ['media'],
          params: idParams,
          response: { 200: videoSchema, 404: apiErrorSchema },
        },
      },
      async (request) => {
        const access = (await videoAccess(db, viewerOf(request.auth), [request.params.id], new Date())).get(
          request.params.id,
        );
        const video = access?.see ? await getVideo(db, requestLang(request), request.params.id) : null;
        if (!access || !video) throw new HttpError(404, 'not_found', 'error.notFound.body');
        const lang = requestLang(request);
        const facts = await loadDownloadFacts(db, [video.id]);
        return videoJson(watchable(video, access.watch), translator(lang), facts.get(video.id), lang);
      },
    );

    app.patch(
      '/videos/:id',
      {
        schema: {
          summary: 'Set or clear a video’s embargo (editors and admins)',
          description:
            'embargoUntil: ISO 8601 date-time with an offset (2026-03-01T09:00:00+01:00), or null to clear it. embargoKind: hidden (only editors see the video before the date) or available (listed with its date, previewed by verified journalists, downloadable from the date); kept when absent.',
          tags: ['newsroom'],
          params: idParams,
          body: partial({
            embargoUntil: nullable(Type.String({ maxLength: 64 })),
            embargoKind: stringEnum(['hidden', 'available']),
          }),
          response: {
            200: videoSchema,
            400: apiErrorSchema,
            401: apiErrorSchema,
            403: apiErrorSchema,
            404: apiErrorSchema,
            422: apiErrorSchema,
          },
        },
      },
      async (request) => {
        apiAccess(request);
        const { id } = request.params;
        const lang = requestLang(request);
        const video = await getVideo(db, lang, id);
        if (!video) throw new HttpError(404, 'not_found', 'error.notFound.body');
        const body = request.body ?? {};
        let embargoUntil: Date | null | undefined;
        if (body.embargoUntil !== undefined) {
          embargoUntil = body.embargoUntil === null ? null : parseEmbargoUntil(body.embargoUntil);
          if (embargoUntil === undefined)
            throw new HttpError(422, 'invalid_embargo_until', 'video.embargo.invalid');
        }
        await createDownloadsRepository(db).setUsage(id, { embargoUntil, embargoKind: body.embargoKind });
        const facts = await loadDownloadFacts(db, [id]);
        return videoJson(video, translator(lang), facts.get(id), lang);
      },
    );
  };
}
