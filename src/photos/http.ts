/**
 * What the photos' API and pages share: the upload refusal in the reader's language, field errors,
 * and sending a photo's file (Range, HEAD, conditional requests by @fastify/static's `send`).
 */
import { posix } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MediaStorage } from '../platform/storage/index.ts';
import { sendInvalidFields } from '../web/errors.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { type Translator, translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import type { FieldErrors, UploadRefusal } from './service.ts';
import { TEXT_LIMITS } from './service.ts';

export function refusalMessage(t: Translator, refusal: UploadRefusal): string {
  switch (refusal.code) {
    case 'heic':
      return t('photos.error.heic', { name: refusal.name });
    case 'unreadable':
      return t('photos.error.unreadable', { name: refusal.name });
    case 'too_many_pixels':
      return t('photos.error.tooManyPixels', { name: refusal.name, megapixels: refusal.megapixels ?? 0 });
    default:
      return t('photos.error.notImage', { name: refusal.name });
  }
}

export function fieldMessages(t: Translator, errors: FieldErrors): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const field of Object.keys(errors))
    messages[field] = field.startsWith('caption')
      ? t('photos.fieldError', {
          field: t(field === 'caption.fr' ? 'photos.field.captionFr' : 'photos.field.captionEn'),
          message: t('photos.error.captionTooLong', { max: TEXT_LIMITS.caption }),
        })
      : t('photos.fieldError', {
          field: t('photos.field.credit'),
          message: t('photos.error.creditTooLong', { max: TEXT_LIMITS.credit }),
        });
  return messages;
}

export function sendInvalid(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
  const t = translator(requestLang(request));
  const messages = fieldMessages(t, errors);
  return sendInvalidFields(reply, {
    message: t('photos.error.invalid', { detail: Object.values(messages).join(' ') }),
    fields: errors,
    messages,
  });
}

/** Sends a stored file (by key); `attachment` for downloads, inline for images in pages. */
export function sendPhotoFile(
  reply: FastifyReply,
  storage: MediaStorage,
  file: { relative: string; fileName: string },
  options: { attachment: boolean; cache: string },
): FastifyReply {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  reply.header(
    'content-disposition',
    `${options.attachment ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  );
  reply.header('cache-control', options.cache);
  reply.header('x-content-type-options', 'nosniff');
  // sendFile needs a local folder (conditional requests, ranges): the key's own, from the port.
  return reply.sendFile(posix.basename(file.relative), storage.path(posix.dirname(file.relative)), {
    cacheControl: false,
  });
}

export function uploadLimitsText(
  t: Translator,
  lang: 'fr' | 'en',
  maxBytes: number,
  maxFiles: number,
): string {
  return t('photos.upload.help', { max: formatBytes(maxBytes, lang), files: maxFiles });
}

/** Story titles quoted as the language quotes them, for the `in_use` refusal. */
export function storyTitles(lang: 'fr' | 'en', stories: readonly { title: string }[]): string {
  return stories.map((s) => (lang === 'fr' ? `« ${s.title} »` : `“${s.title}”`)).join(', ');
}
