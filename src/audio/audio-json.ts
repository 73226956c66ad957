/** An audio item as the API shows it (`kind: "audio"`, the video API's field names), and its schema. */
import { nullable, partial, stringEnum, Type, translations } from '../web/schemas.ts';
import type { AudioItem } from './repository.ts';

export function fileUrl(audioId: string, name: string): string {
  return `/api/v1/audio/${encodeURIComponent(audioId)}/files/${name}`;
}

export function audioJson(item: AudioItem) {
  const tr: { fr?: { title: string; description: string }; en?: { title: string; description: string } } = {};
  for (const l of ['fr', 'en'] as const)
    if (item.title[l]) tr[l] = { title: item.title[l], description: item.description[l] };
  return {
    id: item.id,
    kind: 'audio' as const,
    status: item.status,
    translations: tr,
    credit: item.credit,
    format: item.format,
    codec: item.codec,
    sampleRate: item.sampleRate,
    channels: item.channels,
    durationMs: item.durationMs,
    originalName: item.originalName,
    sha256: item.sha256,
    files: [
      { name: 'original' as const, size: item.size, url: fileUrl(item.id, 'original') },
      ...item.derivatives.map((d) => ({ name: d.name, size: d.size, url: fileUrl(item.id, d.name) })),
    ],
    previewUrl: item.derivatives.some((d) => d.name === 'preview') ? fileUrl(item.id, 'preview') : null,
    waveformUrl: item.derivatives.some((d) => d.name === 'waveform') ? fileUrl(item.id, 'waveform') : null,
    error: item.error,
    createdAt: item.createdAt.toISOString(),
  };
}

export const audioSchema = partial({
  id: Type.String(),
  kind: stringEnum(['audio']),
  status: stringEnum(['processing', 'ready', 'failed']),
  translations: translations(partial({ title: Type.String(), description: Type.String() }), {
    description: 'Title and description in each language the item has a title in',
  }),
  credit: Type.String(),
  format: Type.String({ description: 'Container: wav, w64, aiff, mp3, m4a, flac, ogg' }),
  codec: Type.String(),
  sampleRate: Type.Integer(),
  channels: Type.Integer(),
  durationMs: Type.Integer(),
  originalName: Type.String(),
  sha256: Type.String(),
  files: Type.Array(
    partial({
      name: stringEnum(['original', 'preview', 'waveform']),
      size: Type.Integer(),
      url: Type.String(),
    }),
  ),
  previewUrl: nullable(Type.String()),
  waveformUrl: nullable(Type.String()),
  error: nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
