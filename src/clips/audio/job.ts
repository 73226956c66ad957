/**
 * The clip job's work for a part of an audio item: planned again from the row, cut from the
 * original into the clip cache under a temporary name, verified (make.ts), then renamed. Returns what
 * the job records; the row's status, eviction and failures are the clip job's (jobs.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { AudioClipMaster } from '../../audio/public.ts';
import { clipKey, type MediaStorage } from '../../platform/storage/index.ts';
import { removeClipLeftovers } from '../engine.ts';
import { ClipRequestError } from '../service.ts';
import type { Clip } from '../tables.ts';
import { makeAudioClip } from './make.ts';
import { planAudioPart } from './service.ts';

export async function makeAudioPart(
  deps: { storage: MediaStorage; audioMaster: (id: string) => Promise<AudioClipMaster | null> },
  clip: Clip,
  signal: AbortSignal,
): Promise<{ relative: string; method: string; reason: string; notes: string[] }> {
  const master = clip.audio_id ? await deps.audioMaster(clip.audio_id) : null;
  if (!master || master.sha256 !== clip.master_sha256) {
    throw new ClipRequestError(404, 'video_not_found', `no audio item ${clip.audio_id}`);
  }
  const plan = planAudioPart(master, clip.in_frame, clip.out_frame);
  const relative = clipKey(clip.cache_key, plan.output.container);
  const outputPath = deps.storage.path(relative);
  await mkdir(dirname(outputPath), { recursive: true });
  await removeClipLeftovers(dirname(outputPath), basename(outputPath));
  const tmp = `${outputPath}.tmp-${randomBytes(4).toString('hex')}.${plan.output.container}`;
  try {
    const made = await makeAudioClip({
      master: { ...master, path: deps.storage.path(master.path) },
      channels: master.channels,
      plan,
      outputPath: tmp,
      signal,
    });
    await rename(tmp, outputPath);
    return { relative, method: plan.method, reason: plan.reason, notes: made.notes };
  } finally {
    await rm(tmp, { force: true });
  }
}
