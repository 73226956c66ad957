/**
 * The basket's pages (/fr and /en): the basket itself, the forms that add, name and remove items and
 * empty it (each lands back on the basket), and the ZIP. Signed-out visitors are sent to sign in and
 * back; refusals (embargo, unverified account) show as the portal's error page in the page's language.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { html } from '../web/html.ts';
import { layout, localPath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { stringEnum, Type, typed } from '../web/schemas.ts';
import { sendArchive } from './archive.ts';
import { cleanName, newItem } from './input.ts';
import type { BasketRouteDeps } from './routes-api.ts';
import { addItem, itemStates } from './service.ts';
import { MAX_NAME } from './store.ts';
import { basketView, isPending, REFRESH_SECONDS } from './views.ts';

function signedIn(request: FastifyRequest) {
  const auth = request.auth;
  return auth && !auth.pending ? auth.user : null;
}

function toSignIn(request: FastifyRequest, reply: FastifyReply, back: string) {
  const lang = requestLang(request);
  return reply.redirect(
    `${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(localPath(lang, back))}`,
    303,
  );
}

const idParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function basketPages(deps: BasketRouteDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    const back = (request: FastifyRequest, reply: FastifyReply) =>
      reply.redirect(localPath(requestLang(request), '/basket'), 303);

    app.get('/basket', async (request, reply) => {
      const user = signedIn(request);
      if (!user) return toSignIn(request, reply, '/basket');
      const ctx = pageContext(request);
      const states = await itemStates(deps, request, user.id);
      const head = states.some(isPending)
        ? html`<meta http-equiv="refresh" content="${REFRESH_SECONDS}">`
        : undefined;
      return reply
        .header('cache-control', 'private, no-cache')
        .type('text/html; charset=utf-8')
        .send(layout(ctx, { title: ctx.t('basket.title'), head }, basketView(ctx, states)));
    });

    app.post(
      '/basket/items',
      {
        config: { costly: true },
        schema: {
          body: Type.Object({
            videoId: Type.String({ maxLength: 200 }),
            kind: Type.Optional(stringEnum(['video', 'clip'])),
            rendition: Type.Optional(stringEnum(['master', 'web'])),
            in: Type.Optional(Type.String({ maxLength: 20 })),
            out: Type.Optional(Type.String({ maxLength: 20 })),
            profile: Type.Optional(stringEnum(['broadcast', 'web'])),
            name: Type.Optional(Type.String({ maxLength: MAX_NAME * 2 })),
          }),
        },
      },
      async (request, reply) => {
        const user = signedIn(request);
        if (!user) return toSignIn(request, reply, `/videos/${encodeURIComponent(request.body.videoId)}`);
        const video = await deps.sources.video(request.body.videoId, deps.clock());
        if (!video) throw new HttpError(404, 'not_found', 'error.notFound.body');
        await addItem(deps, request, user.id, newItem(request.body, video));
        return back(request, reply);
      },
    );

    app.post(
      '/basket/items/:id',
      { schema: { params: idParams, body: Type.Object({ name: Type.String({ maxLength: MAX_NAME * 2 }) }) } },
      async (request, reply) => {
        const user = signedIn(request);
        if (!user) return toSignIn(request, reply, '/basket');
        const row = await deps.store.rename(user.id, request.params.id, cleanName(request.body.name));
        if (!row) throw new HttpError(404, 'not_found', 'basket.error.notFound');
        return back(request, reply);
      },
    );

    app.post('/basket/items/:id/delete', { schema: { params: idParams } }, async (request, reply) => {
      const user = signedIn(request);
      if (!user) return toSignIn(request, reply, '/basket');
      await deps.store.remove(user.id, request.params.id);
      return back(request, reply);
    });

    app.post('/basket/empty', async (request, reply) => {
      const user = signedIn(request);
      if (!user) return toSignIn(request, reply, '/basket');
      await deps.store.empty(user.id);
      return back(request, reply);
    });

    app.get('/basket/archive', async (request, reply) => {
      const user = signedIn(request);
      if (!user) return toSignIn(request, reply, '/basket');
      return sendArchive(deps, request, reply, user.id);
    });
  };
}
