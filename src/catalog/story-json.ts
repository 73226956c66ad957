/** The JSON shape of a story as editors see it (API.md, Newsroom), with its schema for OpenAPI. */
import type { StoryRecord } from './story-store.ts';

const text = {
  type: 'object',
  properties: { title: { type: 'string' }, standfirst: { type: 'string' }, body: { type: 'string' } },
} as const;
const mediaRef = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['video', 'audio', 'photo'] }, id: { type: 'string' } },
} as const;

export const storyRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    slug: { type: 'string' },
    status: { type: 'string', enum: ['draft', 'scheduled', 'published', 'unpublished'] },
    publishAt: { type: ['string', 'null'], format: 'date-time' },
    publishTimeZone: { type: ['string', 'null'], description: 'IANA time zone the schedule was set in' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    translations: { type: 'object', properties: { fr: text, en: text } },
    topics: { type: 'array', items: { type: 'string' } },
    media: { type: 'array', items: mediaRef },
    leadMedia: { anyOf: [mediaRef, { type: 'null' }] },
    revision: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

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
