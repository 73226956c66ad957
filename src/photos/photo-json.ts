/** A photo as the API shows it (API.md, Newsroom: `GET /photos/{id}`), and its JSON schema. */
import type { Photo } from './repository.ts';

export function fileUrl(photoId: string, name: string): string {
  return `/api/v1/photos/${encodeURIComponent(photoId)}/renditions/${name}/file`;
}

export function photoJson(photo: Photo) {
  return {
    id: photo.id,
    status: photo.status,
    width: photo.width,
    height: photo.height,
    takenAt: photo.takenAt?.toISOString() ?? null,
    caption: photo.caption,
    credit: photo.credit,
    format: photo.format,
    originalName: photo.originalName,
    sha256: photo.sha256,
    renditions: [
      {
        name: 'original',
        width: photo.width,
        height: photo.height,
        size: photo.size,
        url: fileUrl(photo.id, 'original'),
      },
      ...photo.renditions.map((r) => ({
        name: r.name,
        width: r.width,
        height: r.height,
        size: r.size,
        url: fileUrl(photo.id, r.name),
      })),
    ],
    error: photo.error,
    createdAt: photo.createdAt.toISOString(),
  };
}

const texts = { type: 'object', properties: { fr: { type: 'string' }, en: { type: 'string' } } } as const;

export const photoSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['processing', 'ready', 'failed'] },
    width: { type: 'integer' },
    height: { type: 'integer' },
    takenAt: { type: ['string', 'null'], format: 'date-time' },
    caption: texts,
    credit: { type: 'string' },
    format: { type: 'string' },
    originalName: { type: 'string' },
    sha256: { type: 'string' },
    renditions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', enum: ['original', 'large', 'medium', 'thumb'] },
          width: { type: 'integer' },
          height: { type: 'integer' },
          size: { type: 'integer' },
          url: { type: 'string' },
        },
      },
    },
    error: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;
