/**
 * Pure: the search documents of a story, a video and its shotlist rows, one per language the item has
 * text in. A story's title, standfirst and body are weighted A, B, C; a video's title A; a shot's
 * description B (its video's title is kept for display, not indexed, so that one title word does not
 * match every shot of the video); a photo's caption A; an audio item's title A and description B.
 * Photos and audio items are documents only while a published story shows them (dated by the first).
 */
import type { AudioItem } from '../audio/public.ts';
import type { StoryForSearch } from '../catalog/public.ts';
import type { VideoForSearch } from '../media/public.ts';
import type { Photo } from '../photos/public.ts';
import { indexableText } from './query-text.ts';
import type { SearchKind } from './tables.ts';

export type DocLang = 'fr' | 'en';

export interface SearchDocument {
  kind: SearchKind;
  item_key: string;
  lang: DocLang;
  sole: boolean;
  story_id: number | null;
  slug: string | null;
  video_id: string | null;
  in_frame: number | null;
  out_frame: number | null;
  duration_ms: number | null;
  title: string;
  standfirst: string;
  body: string;
  topics: string[];
  published_at: string;
  /** Weights of the indexed fields: what `tsv` is built from. */
  weighted: { a: string; b: string; c: string };
}

const LANGS: DocLang[] = ['fr', 'en'];

export function storyDocuments(story: StoryForSearch): SearchDocument[] {
  const present = LANGS.filter((lang) => story.translations[lang]?.title.trim());
  return present.map((lang) => {
    const t = story.translations[lang] ?? { title: '', standfirst: '', body: '' };
    const title = indexableText(t.title);
    const standfirst = indexableText(t.standfirst);
    const body = indexableText(t.body);
    return {
      kind: 'story',
      item_key: `story:${story.id}`,
      lang,
      sole: present.length === 1,
      story_id: story.id,
      slug: story.slug,
      video_id: null,
      in_frame: null,
      out_frame: null,
      duration_ms: null,
      title,
      standfirst,
      body,
      topics: story.topics,
      published_at: story.publishedAt.toISOString(),
      weighted: { a: title, b: standfirst, c: body },
    };
  });
}

/** A video and its shots; `firstStory`: the earliest story showing it (its date and slug). */
export function videoDocuments(
  video: VideoForSearch,
  firstStory: { slug: string; publishedAt: Date } | undefined,
): SearchDocument[] {
  const date = (firstStory?.publishedAt ?? video.createdAt).toISOString();
  const slug = firstStory?.slug ?? null;
  const docs: SearchDocument[] = [];
  const titled = LANGS.filter((lang) => video.title[lang].trim());
  for (const lang of titled) {
    const title = indexableText(video.title[lang]);
    docs.push({
      kind: 'video',
      item_key: `video:${video.id}`,
      lang,
      sole: titled.length === 1,
      story_id: null,
      slug,
      video_id: video.id,
      in_frame: null,
      out_frame: null,
      duration_ms: null,
      title,
      standfirst: '',
      body: '',
      topics: [],
      published_at: date,
      weighted: { a: title, b: '', c: '' },
    });
  }
  for (const [index, shot] of video.shotlist.entries()) {
    const described = LANGS.filter((lang) => shot[lang]?.trim());
    for (const lang of described) {
      const description = indexableText(shot[lang]);
      docs.push({
        kind: 'shot',
        item_key: `shot:${video.id}:${index}`,
        lang,
        sole: described.length === 1,
        story_id: null,
        slug,
        video_id: video.id,
        in_frame: shot.inFrame,
        out_frame: shot.outFrame,
        duration_ms: null,
        title: indexableText(video.title[lang] || video.title.fr || video.title.en),
        standfirst: '',
        body: description,
        topics: [],
        published_at: date,
        weighted: { a: '', b: description, c: '' },
      });
    }
  }
  return docs;
}

type FirstStory = { slug: string; publishedAt: Date };

function mediaDocument(
  kind: 'photo' | 'audio',
  id: string,
  lang: DocLang,
  sole: boolean,
  story: FirstStory,
  title: string,
  body: string,
  durationMs: number | null,
): SearchDocument {
  return {
    kind,
    item_key: `${kind}:${id}`,
    lang,
    sole,
    story_id: null,
    slug: story.slug,
    video_id: null,
    in_frame: null,
    out_frame: null,
    duration_ms: durationMs,
    title,
    standfirst: '',
    body,
    topics: [],
    published_at: story.publishedAt.toISOString(),
    weighted: { a: title, b: body, c: '' },
  };
}

/** A photo (not failed) shown by a published story: its caption in each language it has one. */
export function photoDocuments(photo: Photo, firstStory: FirstStory | undefined): SearchDocument[] {
  if (!firstStory || photo.status === 'failed') return [];
  const captioned = LANGS.filter((lang) => photo.caption[lang].trim());
  return captioned.map((lang) => {
    const caption = indexableText(photo.caption[lang]);
    return mediaDocument('photo', photo.id, lang, captioned.length === 1, firstStory, caption, '', null);
  });
}

/** An audio item (not failed) shown by a published story: its title and description in each language. */
export function audioDocuments(audio: AudioItem, firstStory: FirstStory | undefined): SearchDocument[] {
  if (!firstStory || audio.status === 'failed') return [];
  const titled = LANGS.filter((lang) => audio.title[lang].trim() || audio.description[lang].trim());
  return titled.map((lang) => {
    const title = indexableText(audio.title[lang] || audio.description[lang]);
    const description = indexableText(audio.title[lang] ? audio.description[lang] : '');
    return mediaDocument(
      'audio',
      audio.id,
      lang,
      titled.length === 1,
      firstStory,
      title,
      description,
      audio.durationMs,
    );
  });
}
