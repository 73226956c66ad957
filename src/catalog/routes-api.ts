/**
 * JSON API of the catalogue (/api/v1/openapi.json): stories and videos, each video shown only as far
 * as the one video rule lets the caller (downloads/video-access.ts); the newsroom edits videos.
 * Schemas validate and document at once.
 */
import type { FastifyPluginAsync } from 'fastify';
import { apiAccess } from '../backoffice/public.ts';
import { type DownloadFacts, loadDownloadFacts, usageJson, viewerOf } from '../downloads/public.ts';
import { frameToTimecode } from '../lib/timecode/timecode.ts';
import { readVideoMetadata } from '../media/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { HttpError } from '../web/errors.ts';
import { type MessageKey, type Translator, translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import {
  apiErrorSchema,
  nullable,
  pageOf,
  partial,
  stringEnum,
  Type,
  translations,
  typed,
} from '../web/schemas.ts';
import type { CatalogDeps } from './deps.ts';
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
      'hidden: only editors see it before the date; available: listed, watched and downloaded ahead by verified journalists (not for publication before the date)',
  }),
  kind: stringEnum(['video', 'audio']),
  translations: translations(partial({ title: Type.String(), description: Type.String() }), {
    description: 'Title and description in each language the video has a title in',
  }),
  titleLanguage: stringEnum(['fr', 'en'], {
    description:
      'The language of `title` (the other one when the video has no title in the request language)',
  }),
  credit: Type.String(),
  usageTerms: translations(Type.String()),
  restrictions: translations(Type.String()),
  revision: Type.Integer({ description: 'Send it back as If-Match on PATCH (newsroom)' }),
});
const storySummary = partial({
  slug: Type.String(),
  title: Type.String(),
  standfirst: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  videoIds: Type.Array(Type.String()),
});
const idParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

/** The newsroom's fields of a video (API.md: `GET /videos/{id}` gains them). */
async function metadataJson(db: AnyDb, id: string, facts: DownloadFacts | undefined, lang: 'fr' | 'en') {
  const meta = await readVideoMetadata(db, id);
  if (!meta) return {};
  const translations: Record<string, { title: string; description: string }> = {};
  for (const l of ['fr', 'en'] as const)
    if (meta.title[l]) translations[l] = { title: meta.title[l], description: meta.description[l] };
  const usage = facts?.usage;
  return {
    kind: 'video' as const,
    translations,
    titleLanguage: meta.title[lang] ? lang : lang === 'fr' ? 'en' : 'fr',
    credit: usage?.credit ?? '',
    usageTerms: { fr: usage?.termsFr ?? '', en: usage?.termsEn ?? '' },
    restrictions: { fr: usage?.restrictionsFr ?? '', en: usage?.restrictionsEn ?? '' },
    revision: meta.revision,
  };
}

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

export function catalogApi({
  db,
  videoAccess,
  clock = () => new Date(),
  audioItem,
}: CatalogDeps): FastifyPluginAsync {
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
          viewerOf(request.auth),
          page.items.flatMap((s) => s.videoIds),
          clock(),
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
          videoAccess(viewerOf(request.auth), ids, clock()),
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
          description:
            'An audio item’s id answers the audio item (`kind: "audio"`, as `GET /audio/{id}` shows it) to whoever may hear it: editors, and anyone once a published story shows it.',
          tags: ['media'],
          params: idParams,
          response: {
            // The audio item first: a video's schema (all optional) would drop its fields.
            200: Type.Union([
              Type.Object({ kind: Type.Literal('audio') }, { additionalProperties: true }),
              videoSchema,
            ]),
            404: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const access = (await videoAccess(viewerOf(request.auth), [request.params.id], clock())).get(
          request.params.id,
        );
        const video = access?.see ? await getVideo(db, requestLang(request), request.params.id) : null;
        if (!access || !video) {
          const audio = await audioItem?.(request, request.params.id);
          if (audio) return audio;
          throw new HttpError(404, 'not_found', 'error.notFound.body');
        }
        const lang = requestLang(request);
        const facts = await loadDownloadFacts(db, [video.id]);
        const meta = await metadataJson(db, video.id, facts.get(video.id), lang);
        if (meta.revision !== undefined) reply.header('etag', `"${meta.revision}"`);
        return {
          ...videoJson(watchable(video, access.watch), translator(lang), facts.get(video.id), lang),
          ...meta,
        };
      },
    );
  };
}
