/** A photo as the API shows it (API.md, Newsroom: `GET /photos/{id}`), and its JSON schema. */
import { nullable, partial, stringEnum, Type } from '../web/schemas.ts';
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

const texts = partial({ fr: Type.String(), en: Type.String() });

export const photoSchema = partial({
  id: Type.String(),
  status: stringEnum(['processing', 'ready', 'failed']),
  width: Type.Integer(),
  height: Type.Integer(),
  takenAt: nullable(Type.String({ format: 'date-time' })),
  caption: texts,
  credit: Type.String(),
  format: Type.String(),
  originalName: Type.String(),
  sha256: Type.String(),
  renditions: Type.Array(
    partial({
      // Typed as the string the repository holds; documented as the four names.
      name: Type.String({ enum: ['original', 'large', 'medium', 'thumb'] }),
      width: Type.Integer(),
      height: Type.Integer(),
      size: Type.Integer(),
      url: Type.String(),
    }),
  ),
  error: nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
