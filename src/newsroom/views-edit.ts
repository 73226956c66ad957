/**
 * The story form: French and English side by side (stacked on a phone), slug, topics, videos; the
 * revision travels in a hidden field so a stale save is caught (the conflict is shown, what the
 * editor typed is kept). Beside it: preview links, workflow (publish now, schedule in a time zone,
 * unpublish), revisions, delete.
 */
import type { StoryRecord, StoryText, Topic } from '../catalog/public.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { mediaLines } from './media-lines.ts';
import { formatInZone, instantToLocal } from './schedule.ts';
import { messages, newsroomTabs, statusBadge } from './views-lists.ts';

export interface FormValues {
  slug: string;
  fr: StoryText;
  en: StoryText;
  topics: string[];
  media: string;
}

export interface EditInput {
  story: StoryRecord | null;
  values: FormValues;
  revision: number;
  topics: Topic[];
  csrf: string;
  defaultTimeZone: string;
  notice?: string | null;
  errors?: Record<string, string>;
  conflict?: { story: StoryRecord; author: string; at: Date } | null;
}

export function valuesOf(story: StoryRecord): FormValues {
  const empty = { title: '', standfirst: '', body: '' };
  return {
    slug: story.slug,
    fr: story.translations.fr ?? empty,
    en: story.translations.en ?? empty,
    topics: story.topics,
    media: mediaLines(story.media, story.leadMedia),
  };
}

function column(
  ctx: PageContext,
  lang: 'fr' | 'en',
  text: StoryText,
  errors: Record<string, string>,
): SafeHtml {
  const id = (f: string) => `${lang}-${f}`;
  const err = (f: string) => errors[`translations.${lang}.${f}`];
  const field = (
    f: 'title' | 'standfirst',
    label: string,
    tag: 'input' | 'textarea',
  ) => html`<div class="field">
    <label for="${id(f)}">${label}</label>
    ${
      tag === 'input'
        ? html`<input id="${id(f)}" name="${lang}.${f}" lang="${lang}" value="${text[f]}" maxlength="200"${err(f) ? html` aria-invalid="true" aria-describedby="${id(f)}-error"` : ''}>`
        : html`<textarea id="${id(f)}" name="${lang}.${f}" lang="${lang}" rows="3" maxlength="600"${err(f) ? html` aria-invalid="true" aria-describedby="${id(f)}-error"` : ''}>${text[f]}</textarea>`
    }
    ${err(f) ? html`<p id="${id(f)}-error" class="field-error">${err(f)}</p>` : ''}
  </div>`;
  return html`<fieldset class="story-lang" lang="${lang}">
  <legend>${ctx.t(lang === 'fr' ? 'newsroom.edit.fr' : 'newsroom.edit.en')}</legend>
  <p class="hint">${ctx.t('newsroom.edit.langHint')}</p>
  ${field('title', ctx.t('newsroom.edit.storyTitle'), 'input')}
  ${field('standfirst', ctx.t('newsroom.edit.standfirst'), 'textarea')}
  <div class="field">
    <label for="${id('body')}">${ctx.t('newsroom.edit.body')}</label>
    <textarea id="${id('body')}" name="${lang}.body" lang="${lang}" rows="16" aria-describedby="${id('body')}-hint${err('body') ? ` ${id('body')}-error` : ''}"${err('body') ? html` aria-invalid="true"` : ''}>${text.body}</textarea>
    <p id="${id('body')}-hint" class="hint">${ctx.t('newsroom.edit.bodyHint')}</p>
    ${err('body') ? html`<p id="${id('body')}-error" class="field-error">${err('body')}</p>` : ''}
  </div>
</fieldset>`;
}

function workflow(ctx: PageContext, story: StoryRecord, csrf: string, defaultTimeZone: string): SafeHtml {
  const { t, lang } = ctx;
  const base = `/admin/stories/${story.id}`;
  const hidden = html`<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="revision" value="${String(story.revision)}">`;
  const zone = story.publishTimeZone ?? defaultTimeZone;
  const state =
    story.status === 'scheduled' && story.publishAt
      ? html`<p>${t('newsroom.edit.scheduledFor', { when: formatInZone(story.publishAt, zone, lang) })}</p>`
      : story.status === 'published' && story.publishedAt
        ? html`<p>${t('newsroom.edit.publishedOn', { when: formatInZone(story.publishedAt, defaultTimeZone, lang) })} <a href="${localPath(lang, `/stories/${story.slug}`)}">${t('newsroom.edit.view')}</a></p>`
        : '';
  const canPublish = story.status !== 'published';
  return html`<section class="story-workflow" aria-labelledby="workflow-heading">
  <h2 id="workflow-heading">${t('newsroom.edit.workflow')}</h2>
  <p>${statusBadge(ctx, story.status)}</p>
  ${state}
  ${
    canPublish
      ? html`<form method="post" action="${localPath(lang, `${base}/publish`)}" class="inline-form">${hidden}<button type="submit" name="mode" value="now">${t('newsroom.edit.publishNow')}</button></form>
  <form method="post" action="${localPath(lang, `${base}/publish`)}" class="stacked schedule-form">${hidden}
    <div class="field"><label for="schedule-at">${t('newsroom.edit.scheduleAt')}</label>
      <input id="schedule-at" name="at" type="datetime-local" required value="${story.publishAt ? instantToLocal(story.publishAt, zone) : ''}"></div>
    <div class="field"><label for="schedule-zone">${t('newsroom.edit.timeZone')}</label>
      <input id="schedule-zone" name="timeZone" value="${zone}" maxlength="64" aria-describedby="schedule-zone-hint"${story.publishTimeZone ? '' : html` data-browser-default="true"`}>
      <p id="schedule-zone-hint" class="hint">${t('newsroom.edit.timeZoneHint', { zone: defaultTimeZone })}</p></div>
    <button type="submit" name="mode" value="schedule" class="secondary">${t('newsroom.edit.schedule')}</button>
  </form>`
      : ''
  }
  ${
    story.status === 'published' || story.status === 'scheduled'
      ? html`<form method="post" action="${localPath(lang, `${base}/unpublish`)}" class="inline-form">${hidden}<button type="submit" class="secondary">${t(story.status === 'scheduled' ? 'newsroom.edit.unschedule' : 'newsroom.edit.unpublish')}</button></form>`
      : ''
  }
  <ul class="story-links">
    <li><a href="/fr/admin/stories/${String(story.id)}/preview" hreflang="fr">${t('newsroom.edit.previewIn.fr')}</a></li>
    <li><a href="/en/admin/stories/${String(story.id)}/preview" hreflang="en">${t('newsroom.edit.previewIn.en')}</a></li>
    <li><a href="${localPath(lang, `${base}/revisions`)}">${t('newsroom.edit.revisions')}</a></li>
  </ul>
  ${
    story.status === 'draft' || story.status === 'unpublished'
      ? html`<form method="post" action="${localPath(lang, `${base}/delete`)}" class="inline-form">${hidden}<button type="submit" class="danger">${t('newsroom.edit.delete')}</button></form>`
      : ''
  }
</section>`;
}

export function editView(ctx: PageContext, input: EditInput): SafeHtml {
  const { t, lang } = ctx;
  const errors = input.errors ?? {};
  const story = input.story;
  const action = story ? `/admin/stories/${story.id}` : '/admin/stories';
  const v = input.values;
  const conflict = input.conflict
    ? html`<div class="error-summary conflict" role="alert">
  <h2>${t('newsroom.edit.conflictTitle')}</h2>
  <p>${t('newsroom.stale', { current: input.conflict.story.revision, yours: input.revision })}</p>
  <p>${t('newsroom.edit.conflictTheirs', { author: input.conflict.author, when: formatInZone(input.conflict.at, input.defaultTimeZone, lang) })}</p>
  <div class="bilingual">${(['fr', 'en'] as const).map((l) => {
    const text = input.conflict?.story.translations[l];
    return html`<div lang="${l}"><strong>${text?.title ?? '—'}</strong><p>${text?.standfirst ?? ''}</p></div>`;
  })}</div>
  <p>${t('newsroom.edit.conflictYours')}</p>
</div>`
    : '';
  const errorList = Object.values(errors);
  return html`${newsroomTabs(ctx, 'stories')}
<h1>${story ? t('newsroom.edit.title') : t('newsroom.edit.newTitle')}</h1>
${story ? html`<p class="meta">${t('newsroom.edit.revision', { n: story.revision })}</p>` : ''}
${messages({ notice: input.notice })}
${conflict}
${errorList.length ? html`<div class="error-summary" role="alert"><p>${t('newsroom.edit.errors')}</p><ul>${errorList.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<div class="story-editor">
<form method="post" action="${localPath(lang, action)}" class="story-form" novalidate>
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <input type="hidden" name="revision" value="${String(input.revision)}">
  <div class="bilingual">${column(ctx, 'fr', v.fr, errors)}${column(ctx, 'en', v.en, errors)}</div>
  ${
    story
      ? html`<div class="field"><label for="slug">${t('newsroom.edit.slug')}</label>
    <input id="slug" name="slug" value="${v.slug}" maxlength="100" aria-describedby="slug-hint"${errors.slug ? html` aria-invalid="true"` : ''}>
    <p id="slug-hint" class="hint">${t('newsroom.edit.slugHint')}</p>
    ${errors.slug ? html`<p class="field-error">${errors.slug}</p>` : ''}</div>`
      : ''
  }
  <fieldset class="field"><legend>${t('newsroom.edit.topics')}</legend>
    ${
      input.topics.length === 0
        ? html`<p class="hint">${t('newsroom.edit.noTopics')}</p>`
        : html`<ul class="topic-choices">${input.topics.map(
            (topic) =>
              html`<li><label><input type="checkbox" name="topics" value="${topic.slug}"${v.topics.includes(topic.slug) ? html` checked` : ''}> ${topic.name[lang]}</label></li>`,
          )}</ul>`
    }
    ${errors.topics ? html`<p class="field-error">${errors.topics}</p>` : ''}
  </fieldset>
  <div class="field"><label for="media">${t('newsroom.edit.media')}</label>
    <textarea id="media" name="media" rows="3" aria-describedby="media-hint">${v.media}</textarea>
    <p id="media-hint" class="hint">${t('newsroom.edit.mediaHint')}</p>
    ${errors.media ? html`<p class="field-error">${errors.media}</p>` : ''}</div>
  <button type="submit">${t('newsroom.edit.save')}</button>
</form>
${story ? workflow(ctx, story, input.csrf, input.defaultTimeZone) : ''}
</div>`;
}
