/**
 * The pure side of search: query checks, vocabulary words, suggestions' rewriting, snippet HTML,
 * messages, parameters, the documents of stories, videos, shots, photos and audio items.
 */
import { describe, expect, it } from 'vitest';
import type { AudioItem } from '../../src/audio/public.ts';
import type { StoryForSearch } from '../../src/catalog/search-source.ts';
import type { Photo } from '../../src/photos/public.ts';
import {
  audioDocuments,
  photoDocuments,
  storyDocuments,
  videoDocuments,
} from '../../src/search/documents.ts';
import { searchMessages } from '../../src/search/messages.ts';
import {
  checkQuery,
  MARK_END,
  MARK_START,
  markedSnippet,
  replaceableWords,
  rewriteQuery,
  vocabularyWords,
} from '../../src/search/query-text.ts';
import { parseParams } from '../../src/search/service.ts';

describe('search messages', () => {
  it('has exactly the same keys in French and English, none empty, same placeholders', () => {
    expect(Object.keys(searchMessages.en).sort()).toEqual(Object.keys(searchMessages.fr).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(searchMessages.fr) as (keyof typeof searchMessages.fr)[]) {
      expect(searchMessages.fr[key].trim(), key).not.toBe('');
      expect(searchMessages.en[key].trim(), key).not.toBe('');
      expect(placeholders(searchMessages.en[key]), key).toEqual(placeholders(searchMessages.fr[key]));
    }
  });

  it('has a message for every problem a search can have', () => {
    const problems = [
      'empty',
      'too_long',
      'invalid_characters',
      'no_words',
      'stop_words',
      'invalid_type',
      'invalid_language',
      'invalid_date',
      'invalid_range',
      'invalid_sort',
      'invalid_page',
    ];
    for (const problem of problems) expect(searchMessages.fr).toHaveProperty(`search.error.${problem}`);
  });
});

describe('checkQuery', () => {
  it('normalises whitespace and refuses what cannot be searched', () => {
    expect(checkQuery('  phares   du  cap ')).toEqual({ ok: true, text: 'phares du cap' });
    expect(checkQuery('')).toEqual({ ok: false, problem: 'empty' });
    expect(checkQuery(' \t ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkQuery(undefined)).toEqual({ ok: false, problem: 'empty' });
    expect(checkQuery(['a'])).toEqual({ ok: false, problem: 'empty' });
    expect(checkQuery('a\u0000b')).toEqual({ ok: false, problem: 'invalid_characters' });
    expect(checkQuery('a\u0085b')).toEqual({ ok: false, problem: 'invalid_characters' });
    expect(checkQuery('!!! ?? -- ""')).toEqual({ ok: false, problem: 'no_words' });
    expect(checkQuery('é'.repeat(200))).toMatchObject({ ok: true });
    expect(checkQuery('é'.repeat(201))).toEqual({ ok: false, problem: 'too_long' });
  });

  it('removes the highlight sentinels from what is typed', () => {
    expect(checkQuery(`a${MARK_START}b`)).toEqual({ ok: true, text: 'a b' });
  });
});

describe('vocabulary and suggestions', () => {
  it('keeps distinct lower-case words of 3 to 30 letters', () => {
    expect([...vocabularyWords('Le PHARE, le phare ; l’Océan 2026 a b')].sort()).toEqual(['océan', 'phare']);
  });

  it('rewrites only plain words, never -excluded words or OR', () => {
    const q = 'lighthuse OR "sea levle" -wnd';
    expect(replaceableWords(q).map((w) => w.word)).toEqual(['lighthuse', 'sea', 'levle']);
    const replacements = new Map([
      [0, 'lighthouse'],
      [q.indexOf('levle'), 'level'],
    ]);
    expect(rewriteQuery(q, replacements)).toBe('lighthouse OR "sea level" -wnd');
    expect(rewriteQuery(q, new Map())).toBeNull();
  });
});

describe('markedSnippet', () => {
  it('escapes everything and turns only the sentinels into <mark>', () => {
    const headline = `<script>alert("x")</script> & ${MARK_START}océan${MARK_END} 'q'`;
    expect(markedSnippet(headline)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>océan</mark> &#39;q&#39;',
    );
  });

  it('balances unbalanced sentinels', () => {
    expect(markedSnippet(`${MARK_START}a${MARK_START}b`)).toBe('<mark>ab</mark>');
    expect(markedSnippet(`a${MARK_END}b`)).toBe('ab');
  });
});

describe('documents', () => {
  const story: StoryForSearch = {
    id: 7,
    slug: 's',
    publishedAt: new Date('2026-01-01T00:00:00Z'),
    translations: { en: { title: 'T', standfirst: 'S', body: 'B' } },
    videoIds: [],
    topics: [],
  };

  it('marks a story in one language as sole, weights title, standfirst, body', () => {
    const docs = storyDocuments(story);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      lang: 'en',
      sole: true,
      item_key: 'story:7',
      weighted: { a: 'T', b: 'S', c: 'B' },
    });
    const both = storyDocuments({
      ...story,
      translations: { ...story.translations, fr: { title: 'F', standfirst: '', body: '' } },
    });
    expect(both.map((d) => [d.lang, d.sole])).toEqual([
      ['fr', false],
      ['en', false],
    ]);
  });

  it('indexes a video title and each described shot row, dated by its first story', () => {
    const docs = videoDocuments(
      {
        id: 'v',
        title: { fr: 'Titre', en: 'Title' },
        shotlist: [
          { inFrame: 0, outFrame: 10, fr: 'Plan large', en: '' },
          { inFrame: 10, outFrame: 20, fr: '', en: '' },
        ],
        createdAt: new Date('2020-01-01T00:00:00Z'),
      },
      { slug: 'story', publishedAt: new Date('2026-02-02T00:00:00Z') },
    );
    expect(docs.map((d) => [d.kind, d.lang, d.item_key, d.sole])).toEqual([
      ['video', 'fr', 'video:v', false],
      ['video', 'en', 'video:v', false],
      ['shot', 'fr', 'shot:v:0', true],
    ]);
    expect(docs[2]).toMatchObject({
      in_frame: 0,
      out_frame: 10,
      title: 'Titre',
      weighted: { a: '', b: 'Plan large' },
    });
    expect(docs.every((d) => d.published_at === '2026-02-02T00:00:00.000Z' && d.slug === 'story')).toBe(true);
  });

  const first = { slug: 'story', publishedAt: new Date('2026-03-03T00:00:00Z') };

  it('indexes a photo’s captions while a published story shows it, never a failed one', () => {
    const photo = {
      id: 'p',
      status: 'ready',
      caption: { fr: 'Des <b>cormorans</b>', en: '' },
    } as unknown as Photo;
    const docs = photoDocuments(photo, first);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      kind: 'photo',
      item_key: 'photo:p',
      lang: 'fr',
      sole: true,
      slug: 'story',
      published_at: '2026-03-03T00:00:00.000Z',
      weighted: { a: 'Des <b>cormorans</b>', b: '', c: '' },
    });
    expect(photoDocuments(photo, undefined)).toEqual([]);
    expect(photoDocuments({ ...photo, status: 'failed' }, first)).toEqual([]);
  });

  it('indexes an audio item’s title (A) and description (B) with its length', () => {
    const audio = {
      id: 'a',
      status: 'ready',
      durationMs: 5000,
      title: { fr: 'Corne de brume', en: '' },
      description: { fr: 'Par temps de brouillard', en: 'In thick fog' },
    } as unknown as AudioItem;
    const docs = audioDocuments(audio, first);
    expect(docs.map((d) => [d.lang, d.sole, d.weighted.a, d.weighted.b, d.duration_ms])).toEqual([
      ['fr', false, 'Corne de brume', 'Par temps de brouillard', 5000],
      ['en', false, 'In thick fog', '', 5000],
    ]);
    expect(audioDocuments(audio, undefined)).toEqual([]);
  });
});

describe('parseParams', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('reads filters and keeps the snapshot time in the past', () => {
    const parsed = parseParams(
      {
        q: 'ocean',
        type: 'story,shot',
        language: 'en',
        from: '2026-01-01',
        to: '2026-01-31',
        sort: 'date',
        page: '2',
        at: '2026-11-30T00:00:00Z',
      },
      'fr',
      now,
    );
    expect(parsed).toMatchObject({
      ok: true,
      request: {
        types: ['story', 'shot'],
        language: 'en',
        sort: 'date',
        page: 2,
        at: new Date('2026-11-30T00:00:00Z'),
      },
    });
    if (parsed.ok) expect(parsed.request.to?.toISOString()).toBe('2026-01-31T23:59:59.999Z');
    const future = parseParams({ q: 'ocean', at: '2027-01-01T00:00:00Z' }, 'fr', now);
    expect(future.ok && future.request.at).toEqual(now);
    expect(parseParams({ q: 'ocean', type: ['video', 'shot'] }, 'fr', now)).toMatchObject({
      request: { types: ['video', 'shot'] },
    });
  });

  it('names the problem of a bad parameter', () => {
    const problem = (params: Record<string, string>) => {
      const parsed = parseParams({ q: 'ocean', ...params }, 'en', now);
      return parsed.ok ? null : parsed.problem;
    };
    expect(problem({ type: 'podcast' })).toBe('invalid_type');
    expect(problem({ language: 'de' })).toBe('invalid_language');
    expect(problem({ from: '2026-02-30' })).toBe('invalid_date');
    expect(problem({ from: '2026-03-02', to: '2026-03-01' })).toBe('invalid_range');
    expect(problem({ sort: 'popular' })).toBe('invalid_sort');
    expect(problem({ page: '0' })).toBe('invalid_page');
    expect(problem({ page: '501' })).toBe('invalid_page');
    expect(problem({ page: '1e3' })).toBe('invalid_page');
    expect(problem({ at: 'yesterday' })).toBeNull();
  });
});
