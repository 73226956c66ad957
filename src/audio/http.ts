/**
 * What the audio API and pages share: the upload refusal and field errors in the reader's language,
 * and sending a stored file through the portal's one delivery (Range, HEAD, conditional requests,
 * nginx offload: the downloads feature's stored-file sender).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoredFileSender } from '../downloads/public.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { HttpError } from '../web/errors.ts';
import type { Translator } from '../web/i18n/index.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { type AudioFile, type FieldErrors, TEXT_LIMITS, type UploadRefusal } from './service.ts';

export function refusalMessage(t: Translator, refusal: UploadRefusal): string {
  const params = { name: refusal.name, codec: refusal.codec ?? '?' };
  switch (refusal.code) {
    case 'has_video':
      return t('audio.error.has_video', params);
    case 'unsupported_codec':
      return t('audio.error.unsupported_codec', params);
    case 'too_long':
      return t('audio.error.too_long', params);
    default:
      return t('audio.error.not_audio', params);
  }
}

const FIELD_LABELS = {
  'translations.fr.title': 'audio.field.titleFr',
  'translations.en.title': 'audio.field.titleEn',
  'translations.fr.description': 'audio.field.descriptionFr',
  'translations.en.description': 'audio.field.descriptionEn',
  credit: 'audio.field.credit',
} as const;

function limitOf(field: string): number {
  if (field.endsWith('.title')) return TEXT_LIMITS.title;
  if (field.endsWith('.description')) return TEXT_LIMITS.description;
  return TEXT_LIMITS.credit;
}

export function fieldMessages(t: Translator, errors: FieldErrors): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [field, code] of Object.entries(errors)) {
    const label = FIELD_LABELS[field as keyof typeof FIELD_LABELS];
    const message =
      code === 'required'
        ? t('audio.error.required')
        : t('audio.error.too_long_field', { max: limitOf(field) });
    messages[field] = label ? t('audio.fieldError', { field: t(label), message }) : message;
  }
  return messages;
}

export function invalidBody(request: FastifyRequest, errors: FieldErrors) {
  const t = translator(requestLang(request));
  const messages = fieldMessages(t, errors);
  return {
    error: {
      code: 'invalid',
      message: t('audio.error.invalid', { detail: Object.values(messages).join(' ') }),
      fields: errors,
      messages,
    },
  };
}

/** Sends a stored file; `attachment` for downloads, inline for the player. */
export async function sendAudioFile(
  deps: { storage: MediaStorage; sendFile: StoredFileSender },
  request: FastifyRequest,
  reply: FastifyReply,
  file: AudioFile,
  options: { attachment: boolean; cache: string },
): Promise<FastifyReply> {
  const stored = await deps.storage.stat(file.relative);
  if (!stored) throw new HttpError(404, 'not_found', 'audio.error.fileNotFound');
  // The original's tag is its content hash; a derivative made again is a new file (time and size).
  const etag = file.sha256
    ? `"${file.sha256}"`
    : `"${stored.modified.getTime().toString(16)}-${stored.size.toString(16)}"`;
  return deps.sendFile(
    request,
    reply,
    {
      key: file.relative,
      size: stored.size,
      lastModified: stored.modified,
      etag,
      fileName: file.fileName,
      contentType: file.contentType,
    },
    { disposition: options.attachment ? 'attachment' : 'inline', cacheControl: options.cache },
  );
}

/** Story titles quoted as the language quotes them, for the `in_use` refusal. */
export function storyTitles(lang: 'fr' | 'en', stories: readonly { title: string }[]): string {
  return stories.map((s) => (lang === 'fr' ? `« ${s.title} »` : `“${s.title}”`)).join(', ');
}
