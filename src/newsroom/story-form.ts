/**
 * The story form of the newsroom's pages, pure: its posted fields as the values the form shows again
 * (`formValues`), and those values as the story service's input (`inputOf`).
 */
import { type FormBody, formField, formList } from '../web/schemas.ts';
import { parseMediaLines } from './media-lines.ts';
import type { StoryInput } from './story-input.ts';
import type { FormValues } from './views-edit.ts';

export function formValues(form: FormBody): FormValues {
  const text = (lang: string) => ({
    title: formField(form, `${lang}.title`),
    standfirst: formField(form, `${lang}.standfirst`),
    body: formField(form, `${lang}.body`),
  });
  const topics = formList(form, 'topics');
  return {
    slug: formField(form, 'slug'),
    fr: text('fr'),
    en: text('en'),
    topics,
    media: formField(form, 'media'),
  };
}

/** The form as a service input: a language whose title and text are empty is not written. */
export function inputOf(values: FormValues, withSlug: boolean): StoryInput {
  const lang = (t: FormValues['fr']) => (t.title.trim() || t.body.trim() || t.standfirst.trim() ? t : null);
  const { media, leadMedia } = parseMediaLines(values.media);
  return {
    translations: { fr: lang(values.fr), en: lang(values.en) },
    topics: values.topics,
    media,
    leadMedia,
    ...(withSlug ? { slug: values.slug } : {}),
  };
}
