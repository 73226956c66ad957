/** The JSON shape of a story as editors see it (API.md, Newsroom), with its schema for OpenAPI. */
import { nullable, partial, stringEnum, Type, translations } from '../web/schemas.ts';
import type { StoryRecord } from './story-store.ts';

const text = partial({ title: Type.String(), standfirst: Type.String(), body: Type.String() });
const mediaRef = partial({ kind: stringEnum(['video', 'audio', 'photo']), id: Type.String() });

export const storyRecordSchema = partial({
  id: Type.Integer(),
  slug: Type.String(),
  status: stringEnum(['draft', 'scheduled', 'published', 'unpublished']),
  publishAt: nullable(Type.String({ format: 'date-time' })),
  publishTimeZone: nullable(Type.String({ description: 'IANA time zone the schedule was set in' })),
  publishedAt: nullable(Type.String({ format: 'date-time' })),
  translations: translations(text),
  topics: Type.Array(Type.String()),
  media: Type.Array(mediaRef),
  leadMedia: Type.Union([mediaRef, Type.Null()]),
  revision: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export function storyRecordJson(story: StoryRecord) {
  return {
    id: story.id,
    slug: story.slug,
    status: story.status,
    publishAt: story.publishAt?.toISOString() ?? null,
    publishTimeZone: story.publishTimeZone,
    publishedAt: story.publishedAt?.toISOString() ?? null,
    translations: story.translations,
    topics: story.topics,
    media: story.media,
    leadMedia: story.leadMedia,
    revision: story.revision,
    updatedAt: story.updatedAt.toISOString(),
  };
}
