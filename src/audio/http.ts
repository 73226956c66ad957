/**
 * What the audio API and pages share: the upload refusal and field errors in the reader's language,
 * and sending a file (Range, HEAD, conditional requests by @fastify/static's `send`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translator } from '../web/i18n/index.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { type FieldErrors, TEXT_LIMITS, type UploadRefusal } from './service.ts';

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

/** Sends a file under the media directory; `attachment` for downloads, inline for the player. */
export function sendAudioFile(
  reply: FastifyReply,
  mediaDir: string,
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
  return reply.sendFile(file.relative, mediaDir, { cacheControl: false });
}

/** Story titles quoted as the language quotes them, for the `in_use` refusal. */
export function storyTitles(lang: 'fr' | 'en', stories: readonly { title: string }[]): string {
  return stories.map((s) => (lang === 'fr' ? `« ${s.title} »` : `“${s.title}”`)).join(', ');
}
