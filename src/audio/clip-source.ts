/**
 * What the clips feature needs of an audio item to cut a part of it (`kind: "audio"` in the clip
 * API): the master's facts, and who may have a part. A part is a piece of the original, so it follows
 * the original's rule (service.ts `fileRefusal`): editors and admins always; others only while a story
 * published now shows the item (before that, 404 as for an unknown id: an item is held back until its
 * story is published, the audio's form of an embargo), and then only signed-in verified journalists
 * (401 signed out, 403 unverified). And the item as the video API's `GET /videos/{id}` answers it.
 */
import type { FastifyRequest } from 'fastify';
import { viewerOf } from '../downloads/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { HttpError } from '../web/errors.ts';
import { audioJson } from './audio-json.ts';
import { formatDetails } from './formats.ts';
import { findAudio } from './repository.ts';
import { type AudioService, fileRefusal } from './service.ts';

export interface AudioClipMaster {
  id: string;
  status: 'processing' | 'ready' | 'failed';
  sha256: string;
  /** Storage key of the original. */
  path: string;
  /** The ffmpeg demuxer the upload's probe detected (forced on every read). */
  demuxer: string;
  format: string;
  codec: string;
  sampleRate: number;
  channels: number;
  durationMs: number;
  title: { fr: string; en: string };
}

export async function audioClipMaster(db: AnyDb, id: string): Promise<AudioClipMaster | null> {
  const item = await findAudio(db, id);
  if (!item) return null;
  return {
    id: item.id,
    status: item.status,
    sha256: item.sha256,
    path: item.originalPath,
    demuxer: formatDetails(item.format).demuxer,
    format: item.format,
    codec: item.codec,
    sampleRate: item.sampleRate,
    channels: item.channels,
    durationMs: item.durationMs,
    title: item.title,
  };
}

/** The port the clips feature is given: null when `id` is no audio item; refusals thrown as HttpError. */
export type AudioClipAccess = (request: FastifyRequest, id: string) => Promise<AudioClipMaster | null>;

export function audioClipAccess(db: AnyDb, audio: AudioService): AudioClipAccess {
  return async (request, id) => {
    const master = await audioClipMaster(db, id);
    if (!master) return null;
    const viewer = viewerOf(request.auth);
    const shown = viewer.kind === 'staff' || (await audio.shownPublicly(id));
    const refusal = fileRefusal(viewer, shown, 'original');
    if (refusal?.status === 404) throw new HttpError(404, 'not_found', 'audio.error.notFound');
    if (refusal) throw new HttpError(refusal.status, refusal.code, 'audio.error.verifiedOnly');
    return master;
  };
}

/** `GET /videos/{id}` of an audio item: its JSON to editors, and to anyone while a published story shows it. */
export function audioForVideoApi(db: AnyDb, audio: AudioService) {
  return async (request: FastifyRequest, id: string): Promise<ReturnType<typeof audioJson> | null> => {
    const item = await findAudio(db, id);
    if (!item) return null;
    const viewer = viewerOf(request.auth);
    return viewer.kind === 'staff' || (await audio.shownPublicly(id)) ? audioJson(item) : null;
  };
}
