/**
 * A story's editable content (pure): merging a create or PATCH body into the current content, and
 * the checks that need no database. Errors are `{field: code}`; messages.ts words each code.
 */
import type { StoryContent, StoryMediaRef, StoryText, StoryTranslations } from '../catalog/public.ts';
import { embeddedVideoIds } from '../catalog/public.ts';
import { isSlug } from './slug.ts';

export const LIMITS = { title: 200, standfirst: 600, body: 100_000, topics: 20, media: 50 } as const;
const LANGS = ['fr', 'en'] as const;

export interface StoryInput {
  slug?: string;
  translations?: Partial<Record<'fr' | 'en', Partial<StoryText> | null>>;
  topics?: string[];
  media?: StoryMediaRef[];
  leadMedia?: StoryMediaRef | null;
}

export type FieldErrors = Record<string, string>;

/** Applies the input to `current` (a language set to null is removed; given fields replace). */
export function mergeInput(current: StoryContent, input: StoryInput): StoryContent {
  const translations: StoryTranslations = { ...current.translations };
  for (const lang of LANGS) {
    const given = input.translations?.[lang];
    if (given === undefined) continue;
    if (given === null) {
      delete translations[lang];
      continue;
    }
    const before = translations[lang] ?? { title: '', standfirst: '', body: '' };
    translations[lang] = {
      title: (given.title ?? before.title).trim(),
      standfirst: (given.standfirst ?? before.standfirst).trim(),
      body: (given.body ?? before.body).replace(/\r\n?/g, '\n'),
    };
  }
  const media = input.media ?? current.media;
  let leadMedia = input.leadMedia === undefined ? current.leadMedia : input.leadMedia;
  // The lead defaults to the first medium; a lead no longer shown is dropped.
  if (leadMedia === null && input.leadMedia === undefined && media.length > 0) leadMedia = media[0] ?? null;
  if (leadMedia && input.leadMedia === undefined && !media.some((m) => m.id === leadMedia?.id))
    leadMedia = media[0] ?? null;
  return {
    slug: (input.slug ?? current.slug).trim(),
    translations,
    topics: input.topics ?? current.topics,
    media,
    leadMedia,
  };
}

/** Checks of the content alone. */
export function checkContent(content: StoryContent): FieldErrors {
  const errors: FieldErrors = {};
  const langs = LANGS.filter((l) => content.translations[l]);
  if (langs.length === 0) errors.translations = 'no_translation';
  for (const lang of langs) {
    const text = content.translations[lang] as StoryText;
    if (text.title.length === 0) errors[`translations.${lang}.title`] = 'required';
    else if (text.title.length > LIMITS.title) errors[`translations.${lang}.title`] = 'too_long';
    if (text.standfirst.length > LIMITS.standfirst) errors[`translations.${lang}.standfirst`] = 'too_long';
    if (text.body.length > LIMITS.body) errors[`translations.${lang}.body`] = 'too_long';
    else {
      const shown = new Set(content.media.map((m) => m.id));
      if (embeddedVideoIds(text.body).some((id) => !shown.has(id)))
        errors[`translations.${lang}.body`] = 'unknown_embed';
    }
  }
  if (!isSlug(content.slug)) errors.slug = 'invalid';
  if (content.topics.length > LIMITS.topics || new Set(content.topics).size !== content.topics.length)
    errors.topics = 'invalid';
  if (
    content.media.length > LIMITS.media ||
    new Set(content.media.map((m) => m.id)).size !== content.media.length
  )
    errors.media = 'invalid';
  if (content.leadMedia && !content.media.some((m) => m.id === content.leadMedia?.id))
    errors.leadMedia = 'lead_not_in_media';
  return errors;
}

/** What changed between two contents, as change codes (shown in the reader's language). */
export function changesBetween(before: StoryContent, after: StoryContent): string[] {
  const changes: string[] = [];
  for (const lang of LANGS) {
    const a = before.translations[lang];
    const b = after.translations[lang];
    if (!a && b) changes.push(`added.${lang}`);
    else if (a && !b) changes.push(`removed.${lang}`);
    else if (a && b)
      for (const field of ['title', 'standfirst', 'body'] as const)
        if (a[field] !== b[field]) changes.push(`${field}.${lang}`);
  }
  if (before.slug !== after.slug) changes.push('slug');
  if (before.topics.join() !== after.topics.join()) changes.push('topics');
  if (before.media.map((m) => m.id).join() !== after.media.map((m) => m.id).join()) changes.push('media');
  if ((before.leadMedia?.id ?? '') !== (after.leadMedia?.id ?? '')) changes.push('lead');
  return changes;
}
