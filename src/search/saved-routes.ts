/**
 * `GET/POST /api/v1/account/searches` and `DELETE /api/v1/account/searches/{id}` (API.md, Discovery
 * and reach): the signed-in user's saved searches, each with its private `feedUrl`. Thin: the caller,
 * the body to saved-searches.ts, its answer as JSON; a problem is a 400 in the request's language.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { apiErrorSchema, HttpError } from '../web/errors.ts';
import { translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { listOf, noContent, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import type { SearchDb } from './db.ts';
import { feedPath } from './feed-routes.ts';
import { MAX_QUERY_LENGTH } from './query-text.ts';
import {
  ALERTS,
  deleteSaved,
  listSaved,
  MAX_NAME,
  MAX_SAVED,
  type SavedSearch,
  type SaveProblem,
  saveSearch,
} from './saved-searches.ts';
import { problemMessage } from './views.ts';

function signedInUser(request: FastifyRequest) {
  const auth = request.auth;
  return auth && !auth.pending ? auth.user : null;
}

function requireUser(request: FastifyRequest) {
  const user = signedInUser(request);
  if (!user) throw new HttpError(401, 'sign_in_required', 'accountsWeb.signInRequired');
  return user;
}

const item = partial({
  id: Type.String(),
  name: Type.String(),
  query: Type.String(),
  alert: stringEnum(ALERTS),
  lang: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  feedUrl: Type.String({ description: 'Private: anyone with this URL reads the feed' }),
});

function json(publicUrl: string, s: SavedSearch) {
  return {
    id: s.id,
    name: s.name,
    query: s.query,
    alert: s.alert,
    lang: s.lang,
    createdAt: s.createdAt.toISOString(),
    feedUrl: `${publicUrl}${feedPath(s.lang, 'rss')}?saved=${s.feedToken}`,
  };
}

function saveMessage(lang: 'fr' | 'en', problem: SaveProblem): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params);
  if (problem === 'name') return t('reach.saved.error.name');
  if (problem === 'alert') return t('reach.saved.error.alert');
  if (problem === 'limit') return t('reach.saved.error.limit', { max: MAX_SAVED });
  return problemMessage({ t }, problem);
}

export function savedSearchApi(deps: { db: SearchDb }): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/account/searches',
      {
        schema: {
          summary: 'The signed-in user’s saved searches, newest first',
          tags: ['search'],
          response: {
            200: listOf(item),
            401: apiErrorSchema,
          },
        },
      },
      async (request) => {
        const user = requireUser(request);
        return { items: (await listSaved(deps.db, user.id)).map((s) => json(app.publicUrl, s)) };
      },
    );
    app.post(
      '/account/searches',
      {
        schema: {
          summary: 'Save a search (alert emails are not sent yet; the feed works)',
          description: `name: 1..${MAX_NAME} characters; query: the search words (at most ${MAX_QUERY_LENGTH} characters); alert: none|hourly|daily. At most ${MAX_SAVED} per user. The feed reads in the request's language.`,
          tags: ['search'],
          body: partial({
            name: Type.String({ maxLength: 1000 }),
            query: Type.String({ maxLength: 1000 }),
            alert: Type.String({ maxLength: 20 }),
          }),
          response: { 201: item, 400: apiErrorSchema, 401: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const lang = requestLang(request);
        const outcome = await saveSearch(deps.db, user.id, request.body ?? {}, lang);
        if (!outcome.ok)
          return reply
            .code(400)
            .send({ error: { code: outcome.problem, message: saveMessage(lang, outcome.problem) } });
        return reply.code(201).send(json(app.publicUrl, outcome.saved));
      },
    );
    app.delete(
      '/account/searches/:id',
      {
        schema: {
          summary: 'Delete one of the signed-in user’s saved searches (its feed stops)',
          tags: ['search'],
          params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
          response: { 204: noContent, 401: apiErrorSchema, 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        if (!(await deleteSaved(deps.db, user.id, request.params.id)))
          throw new HttpError(404, 'not_found', 'reach.saved.error.notFound');
        return reply.code(204).send();
      },
    );
  };
}
