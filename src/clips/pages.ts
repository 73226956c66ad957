/**
 * Clip pages that work without JavaScript: the editor form posts here and lands on the clip's page,
 * which refreshes itself (a meta refresh, no script) until the file is ready.
 */
import type { FastifyPluginAsync } from 'fastify';
import { videoLabel } from '../media/public.ts';
import { HttpError } from '../web/errors.ts';
import { html } from '../web/html.ts';
import { layout, localPath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { stringEnum, Type, typed } from '../web/schemas.ts';
import { requestAudioClip } from './audio/service.ts';
import { authorise, type ClipRoutesDeps, requestErrorToHttp } from './routes.ts';
import { getClip, requestClip } from './service.ts';
import { clipPageView } from './views.ts';

/** The audio streams ticked in the form; null (every stream) when the form offered no choice. */
export function formAudio(body: { audio?: string | string[]; audioChoice?: string }): number[] | null {
  if (body.audioChoice !== '1') return null;
  const ticked = body.audio === undefined ? [] : Array.isArray(body.audio) ? body.audio : [body.audio];
  return ticked.map(Number);
}

export function clipPages(deps: ClipRoutesDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.post(
      '/videos/:id/clips',
      {
        config: { costly: true },
        schema: {
          params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
          body: Type.Object({
            in: Type.String({ maxLength: 20 }),
            out: Type.String({ maxLength: 20 }),
            profile: Type.Optional(stringEnum(['broadcast', 'web'], { default: 'broadcast' })),
            // One checkbox per audio stream (repeated `audio`); `audioChoice` says the form had them.
            audio: Type.Optional(
              Type.Union([
                Type.String({ pattern: '^\\d{1,4}$' }),
                Type.Array(Type.String({ pattern: '^\\d{1,4}$' }), { maxItems: 64 }),
              ]),
            ),
            audioChoice: Type.Optional(Type.String({ maxLength: 1 })),
          }),
        },
      },
      async (request, reply) => {
        const ctx = pageContext(request);
        const { id } = request.params;
        // An audio item's part (its public figure's In/Out form): the audio feature's rule.
        const audioMaster = await deps.audioClipAccess(request, id);
        if (audioMaster) {
          const audioUser = request.auth?.user.id;
          if (!audioUser) throw new HttpError(401, 'sign_in_required', 'downloads.error.signIn');
          try {
            const range = { in: request.body.in, out: request.body.out };
            const { clip } = await requestAudioClip(deps, { master: audioMaster, range, userId: audioUser });
            return reply.redirect(localPath(ctx.lang, `/clips/${clip.id}`), 303);
          } catch (error) {
            throw requestErrorToHttp(error, reply);
          }
        }
        const userId = await authorise(deps, request, id);
        const profile = request.body.profile === 'web' ? 'web' : 'broadcast';
        try {
          const { clip } = await requestClip(deps, {
            videoId: id,
            range: { in: request.body.in ?? '', out: request.body.out ?? '' },
            profile,
            audio: formAudio(request.body),
            userId,
          });
          return reply.redirect(localPath(ctx.lang, `/clips/${clip.id}`), 303);
        } catch (error) {
          // 429 at the cap: the error page says so in the page's language, with Retry-After.
          throw requestErrorToHttp(error, reply);
        }
      },
    );

    app.get(
      '/clips/:id',
      { schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }) } },
      async (request, reply) => {
        const ctx = pageContext(request);
        const clip = await getClip(deps.db, request.params.id);
        if (!clip) throw new HttpError(404, 'not_found', 'clips.error.notFound');
        const video = clip.video_id ? await videoLabel(deps.db, clip.video_id) : null;
        // A part of an audio item: its title (the file route applies the audio rule).
        const audio = clip.audio_id
          ? await deps.audioClipAccess(request, clip.audio_id).catch(() => null)
          : null;
        const title =
          (audio ? audio.title[ctx.lang] || audio.title.en || audio.title.fr : undefined) ??
          (ctx.lang === 'fr' ? video?.titleFr : video?.titleEn) ??
          '';
        const format = {
          rate: { num: video?.fpsNum ?? 25, den: video?.fpsDen ?? 1 },
          dropFrame: clip.start_timecode.includes(';'),
        };
        const waiting = clip.status === 'queued' || clip.status === 'running';
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(
            layout(
              ctx,
              {
                title: ctx.t('clips.page.title', { title }),
                head: waiting ? html`<meta http-equiv="refresh" content="2">` : undefined,
              },
              clipPageView(ctx, clip, title, format),
            ),
          );
      },
    );
  };
}
