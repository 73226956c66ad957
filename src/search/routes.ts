/**
 * Search routes: the page `/{lang}/search` and `GET /api/v1/search` (API.md, Discovery and reach).
 * Thin: parameters to the service, its answer to HTML or JSON; a bad query is a 400 with the reason
 * in the request's language, never a 500. Videos are shown as far as the one video rule lets the
 * caller (`accessFor`, given by the composition root).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { html } from '../web/html.ts';
import { translate } from '../web/i18n/index.ts';
import { feedLinks, layout } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { apiErrorSchema, dictionaryOf, pageOf, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import type { SearchDb } from './db.ts';
import { MAX_QUERY_LENGTH } from './query-text.ts';
import { MAX_PAGE, runSearch, type VideoAccessFn } from './service.ts';
import { problemMessage, SEARCH_HEAD, searchPage } from './views.ts';

export interface SearchRouteDeps {
  db: SearchDb;
  /** The one video rule for this request's caller. */
  accessFor: (request: FastifyRequest) => VideoAccessFn;
}

const text = Type.String();
const listOrText = Type.Union([Type.String(), Type.Array(Type.String())]);
// Loose on purpose: the service checks every value and answers a clear message.
const queryFields = {
  q: text,
  type: listOrText,
  language: text,
  topic: text,
  from: text,
  to: text,
  sort: text,
  page: text,
  at: text,
};
const querystring = partial(queryFields);

export function searchPages(deps: SearchRouteDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.get('/search', { schema: { querystring } }, async (request, reply) => {
      const ctx = pageContext(request);
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
      const render = (state: Parameters<typeof searchPage>[1]) => {
        // A search that ran offers its feed (the same engine, newest first).
        const feeds = state.answer
          ? feedLinks(ctx.lang, `${ctx.t('search.title')}: ${state.query}`, { q: state.query })
          : '';
        return layout(
          ctx,
          { title: ctx.t('search.title'), head: html`${SEARCH_HEAD}${feeds}` },
          searchPage(ctx, state),
        );
      };
      if (request.query.q === undefined)
        return reply.send(render({ query: '', request: null, answer: null, problem: null }));
      const outcome = await runSearch(deps.db, request.query, ctx.lang, deps.accessFor(request));
      if (!outcome.ok) {
        const state = { query: outcome.query, request: null, answer: null, problem: outcome.problem };
        return reply.code(outcome.problem === 'empty' ? 200 : 400).send(render(state));
      }
      return reply.send(
        render({
          query: outcome.answer.query,
          request: outcome.request,
          answer: outcome.answer,
          problem: null,
        }),
      );
    });
  };
}

const facet = dictionaryOf(Type.Integer());
const searchItem = partial({
  type: stringEnum(['story', 'video', 'shot', 'photo', 'audio']),
  id: text,
  lang: text,
  slug: text,
  videoId: text,
  in: text,
  out: text,
  inFrame: Type.Integer(),
  outFrame: Type.Integer(),
  title: text,
  snippet: Type.String({ description: 'HTML: <mark> only, everything else escaped' }),
  publishedAt: Type.String({ format: 'date-time' }),
  durationFrames: Type.Integer(),
  durationMs: Type.Integer({ description: 'an audio item’s length' }),
  fps: text,
  posterUrl: text,
  url: text,
});

export function searchApi(deps: SearchRouteDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/search',
      {
        schema: {
          summary: 'Search stories, videos and shotlist rows (French and English full text)',
          description: `q: words, "a phrase", -word, OR (at most ${MAX_QUERY_LENGTH} characters). lang: the reading language (else Accept-Language); items only in the other language follow. type: story,video,shot. language: fr|en (the items' language). from/to: YYYY-MM-DD. sort: relevance|date. page: 1..${MAX_PAGE}. at: the snapshot time the first page answered, so later pages hold while stories are published.`,
          tags: ['search'],
          querystring: partial({ ...queryFields, lang: text }),
          response: {
            200: pageOf(searchItem, {
              pageSize: Type.Integer(),
              at: Type.String({ format: 'date-time' }),
              facets: partial({ type: facet, topic: facet, lang: facet }),
              suggestion: text,
            }),
            400: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const outcome = await runSearch(deps.db, request.query, lang, deps.accessFor(request));
        if (!outcome.ok) {
          const message = problemMessage(
            { t: (key, params) => translate(lang, key, params) },
            outcome.problem,
          );
          return reply.code(400).send({ error: { code: outcome.problem, message } });
        }
        const { answer } = outcome;
        return {
          items: answer.items.map(({ titleHtml: _titleHtml, ...item }) => item),
          total: answer.total,
          ...(answer.capped ? { capped: true } : {}),
          ...(answer.facetsCapped ? { facetsCapped: true } : {}),
          page: answer.page,
          pageSize: answer.pageSize,
          at: answer.at,
          facets: answer.facets,
          ...(answer.suggestion ? { suggestion: answer.suggestion } : {}),
        };
      },
    );
  };
}
