/**
 * The search page (`/{lang}/search`): one GET form (words, type, language, dates, sort) that works
 * without JavaScript, the facet counts beside each choice, the hits with their highlighted snippets
 * (`<mark>` only: built by query-text.ts from escaped text), "did you mean", and pages that keep the
 * first page's snapshot time.
 */
import { numberFormat } from '../lib/intl/formatters.ts';
import { html, raw, type SafeHtml } from '../web/html.ts';
import { formatDate } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { MAX_QUERY_LENGTH } from './query-text.ts';
import { COUNT_CAP, KINDS, type SearchRequest } from './search.ts';
import { MAX_PAGE, type SearchAnswer, type SearchItem, type SearchProblem } from './service.ts';

export const SEARCH_HEAD = html`<link rel="stylesheet" href="/static/search.css">`;

export interface SearchPageState {
  /** The words as typed (shown back in the field). */
  query: string;
  request: SearchRequest | null;
  answer: SearchAnswer | null;
  problem: SearchProblem | null;
}

function minutesSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function duration(frames: number, fps: string): string {
  const [num = 25, den = 1] = fps.split('/').map(Number);
  return minutesSeconds(Math.round((frames * den) / num));
}

export function problemMessage(ctx: Pick<PageContext, 't'>, problem: SearchProblem): string {
  return ctx.t(`search.error.${problem}`, { max: problem === 'invalid_page' ? MAX_PAGE : MAX_QUERY_LENGTH });
}

/** The query string of this search with some parameters changed (page links, suggestion). */
function searchUrl(ctx: PageContext, request: SearchRequest, change: Record<string, string | null>): string {
  const params = new URLSearchParams();
  params.set('q', request.text);
  if (request.types) for (const t of request.types) params.append('type', t);
  if (request.language) params.set('language', request.language);
  if (request.topic) params.set('topic', request.topic);
  if (request.from) params.set('from', request.from.toISOString().slice(0, 10));
  if (request.to) params.set('to', request.to.toISOString().slice(0, 10));
  if (request.sort !== 'relevance') params.set('sort', request.sort);
  for (const [key, value] of Object.entries(change)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return `${localPath(ctx.lang, '/search')}?${params.toString()}`;
}

/**
 * A facet's count in the page's language; when counting stopped at the cap, a lower bound "n+" that
 * never exceeds the cap the page announces ("more than 1,000": at most "1,000+").
 */
function count(
  ctx: PageContext,
  facet: Record<string, number> | undefined,
  key: string,
  cap: number | null,
): SafeHtml {
  const n = facet?.[key] ?? 0;
  const shown = numberFormat(ctx.lang).format(cap === null ? n : Math.min(n, cap));
  return html`<span class="facet-count">(${shown}${cap === null ? '' : '+'})</span>`;
}

function filters(ctx: PageContext, state: SearchPageState): SafeHtml {
  const r = state.request;
  const facets = state.answer?.facets;
  const cap = state.answer?.facetsCapped ? COUNT_CAP : null;
  const types = KINDS;
  const date = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '');
  return html`<details class="search-filters"${r && (r.types || r.language || r.from || r.to || r.sort !== 'relevance') ? html` open` : ''}>
  <summary>${ctx.t('search.filters')}</summary>
  <div class="search-filter-grid">
    <fieldset><legend>${ctx.t('search.facet.type')}</legend>
      ${types.map(
        (t) =>
          html`<label><input type="checkbox" name="type" value="${t}"${r?.types?.includes(t) ? html` checked` : ''}> ${ctx.t(`search.type.${t}`)} ${count(ctx, facets?.type, t, cap)}</label>`,
      )}
    </fieldset>
    <fieldset><legend>${ctx.t('search.facet.lang')}</legend>
      <label><input type="radio" name="language" value=""${r?.language ? '' : html` checked`}> ${ctx.t('search.all')}</label>
      ${(['fr', 'en'] as const).map(
        (l) =>
          html`<label><input type="radio" name="language" value="${l}"${r?.language === l ? html` checked` : ''}> ${ctx.t(`search.lang.${l}`)} ${count(ctx, facets?.lang, l, cap)}</label>`,
      )}
    </fieldset>
    ${
      facets && Object.keys(facets.topic).length > 0
        ? html`<fieldset><legend>${ctx.t('search.facet.topic')}</legend>
      <label><input type="radio" name="topic" value=""${r?.topic ? '' : html` checked`}> ${ctx.t('search.all')}</label>
      ${Object.entries(facets.topic).map(
        ([topic, n]) =>
          html`<label><input type="radio" name="topic" value="${topic}"${r?.topic === topic ? html` checked` : ''}> ${topic} ${count(ctx, { [topic]: n }, topic, cap)}</label>`,
      )}</fieldset>`
        : ''
    }
    <fieldset><legend>${ctx.t('search.facet.date')}</legend>
      <label for="search-from">${ctx.t('search.from')}</label>
      <input id="search-from" name="from" type="date" value="${date(r?.from)}">
      <label for="search-to">${ctx.t('search.to')}</label>
      <input id="search-to" name="to" type="date" value="${date(r?.to)}">
    </fieldset>
    <fieldset><legend>${ctx.t('search.sort')}</legend>
      <label><input type="radio" name="sort" value="relevance"${r?.sort === 'date' ? '' : html` checked`}> ${ctx.t('search.sort.relevance')}</label>
      <label><input type="radio" name="sort" value="date"${r?.sort === 'date' ? html` checked` : ''}> ${ctx.t('search.sort.date')}</label>
    </fieldset>
  </div>
  <p><button type="submit">${ctx.t('search.apply')}</button>
  ${r ? html` <a href="${localPath(ctx.lang, '/search')}?q=${encodeURIComponent(r.text)}">${ctx.t('search.clear')}</a>` : ''}</p>
</details>`;
}

function hit(ctx: PageContext, item: SearchItem): SafeHtml {
  const meta: SafeHtml[] = [
    html`<span class="search-type search-type-${item.type}">${ctx.t(`search.type.${item.type}`)}</span>`,
    html`<time datetime="${item.publishedAt}" data-time="date">${formatDate(ctx.lang, new Date(item.publishedAt), ctx.timeZone)}</time>`,
  ];
  if (item.durationFrames && item.fps)
    meta.push(
      html`<span>${ctx.t('search.duration', { duration: duration(item.durationFrames, item.fps) })}</span>`,
    );
  if (item.durationMs)
    meta.push(
      html`<span>${ctx.t('search.duration', { duration: minutesSeconds(Math.round(item.durationMs / 1000)) })}</span>`,
    );
  if (item.lang !== ctx.lang) meta.push(html`<span>${ctx.t(`search.onlyIn.${item.lang}`)}</span>`);
  return html`<li class="search-hit">
  ${item.posterUrl ? html`<img class="search-poster" src="${item.posterUrl}" alt="" width="160" height="90" loading="lazy">` : ''}
  <div class="search-hit-body">
    <h2 class="search-hit-title"><a href="${item.url}"${item.lang !== ctx.lang ? html` hreflang="${item.lang}" lang="${item.lang}"` : ''}>${raw(item.titleHtml)}</a></h2>
    <p class="meta">${meta.map((m, i) => (i === 0 ? m : html` · ${m}`))}</p>
    ${item.type === 'shot' && item.in && item.out ? html`<p class="meta">${ctx.t('search.shotRange', { in: item.in, out: item.out })}</p>` : ''}
    ${item.snippet ? html`<p class="search-snippet"${item.lang !== ctx.lang ? html` lang="${item.lang}"` : ''}>${raw(item.snippet)}</p>` : ''}
  </div>
</li>`;
}

function pagination(ctx: PageContext, request: SearchRequest, answer: SearchAnswer): SafeHtml {
  if (answer.pages <= 1) return html``;
  const link = (page: number) => searchUrl(ctx, request, { page: String(page), at: answer.at });
  return html`<nav class="pagination" aria-label="${ctx.t('search.pagination')}">
  ${answer.page > 1 ? html`<a rel="prev" href="${link(answer.page - 1)}">${ctx.t('pagination.previous')}</a>` : ''}
  <span>${ctx.t('search.pageOf', { page: answer.page, pages: answer.pages })}</span>
  ${answer.page < answer.pages ? html`<a rel="next" href="${link(answer.page + 1)}">${ctx.t('pagination.next')}</a>` : ''}
</nav>`;
}

export function searchPage(ctx: PageContext, state: SearchPageState): SafeHtml {
  const { answer, request } = state;
  let results: SafeHtml = html``;
  if (state.problem) {
    results = html`<p class="search-problem" role="alert">${problemMessage(ctx, state.problem)}</p>`;
  } else if (answer && request) {
    results = html`<p role="status">${
      answer.total === 0
        ? ctx.t('search.none', { query: answer.query })
        : ctx.t(answer.capped ? 'search.resultsMore' : 'search.results', {
            count: answer.total,
            query: answer.query,
          })
    }</p>
${answer.suggestion ? html`<p class="search-suggestion">${ctx.t('search.didYouMean')} <a href="${searchUrl(ctx, request, { q: answer.suggestion, page: null })}">${answer.suggestion}</a></p>` : ''}
${answer.items.length > 0 ? html`<ol class="search-hits">${answer.items.map((item) => hit(ctx, item))}</ol>` : ''}
${pagination(ctx, request, answer)}`;
  }
  return html`<h1>${ctx.t('search.title')}</h1>
<p class="lede">${ctx.t('search.intro')}</p>
<form class="search-page-form" role="search" method="get" action="${localPath(ctx.lang, '/search')}">
  <div class="search-form">
    <label for="q">${ctx.t('search.label')}</label>
    <input id="q" name="q" type="search" value="${state.query}" maxlength="${MAX_QUERY_LENGTH}" aria-describedby="search-hint">
    <button type="submit">${ctx.t('search.submit')}</button>
  </div>
  <p class="meta" id="search-hint">${ctx.t('search.hint')}</p>
  ${filters(ctx, state)}
</form>
${results}`;
}
