/**
 * The `audio.derivatives` job: from the stored original, the web preview (AAC 128 kb/s in MP4, no
 * metadata) and the waveform PNG, each written atomically through the storage port (store.ts); a
 * retried job clears what a killed one left and makes them again; the row turns `ready` last.
 */
import { posix } from 'node:path';
import type { AnyDb } from '../platform/db/schema.ts';
import { runFfmpeg } from '../platform/ffmpeg/run.ts';
import type { JobContext } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { previewArgs, waveformArgs } from './commands.ts';
import { formatDetails } from './formats.ts';
import type { DerivativesJob } from './job-kinds.ts';
import { findAudio, markFailed, markReady } from './repository.ts';
import { derivativesRelativeDir, removeTemporaries, writeAtomically } from './store.ts';
import type { StoredDerivative } from './tables.ts';

export interface DerivativesDeps {
  db: AnyDb;
  storage: MediaStorage;
  log?: { error(obj: object, msg: string): void };
}

export async function makeDerivatives(
  deps: DerivativesDeps,
  audioId: string,
): Promise<StoredDerivative[] | null> {
  const item = await findAudio(deps.db, audioId);
  if (!item) return null; // deleted meanwhile
  const relativeDir = derivativesRelativeDir(audioId);
  await removeTemporaries(deps.storage, relativeDir);
  // ffmpeg reads the original from a local path (the port's, for local tools).
  const source = deps.storage.path(item.originalPath);
  const { demuxer } = formatDetails(item.format);
  // Bounded: an item is 6 hours at most; AAC encodes at well over 50× real time here.
  const timeoutMs = 10 * 60 * 1000 + item.durationMs / 10;
  const preview = posix.join(relativeDir, 'preview.m4a');
  const previewSize = await writeAtomically(deps.storage, preview, async (tmp) => {
    await runFfmpeg(previewArgs(source, demuxer, item.channels, tmp), { timeoutMs });
  });
  const waveform = posix.join(relativeDir, 'waveform.png');
  const waveformSize = await writeAtomically(deps.storage, waveform, async (tmp) => {
    await runFfmpeg(waveformArgs(source, demuxer, tmp), { timeoutMs });
  });
  const made: StoredDerivative[] = [
    { name: 'preview', size: previewSize, path: preview },
    { name: 'waveform', size: waveformSize, path: waveform },
  ];
  await markReady(deps.db, audioId, made);
  return made;
}

export function derivativesHandler(deps: DerivativesDeps) {
  return async (data: DerivativesJob, context: JobContext): Promise<void> => {
    try {
      await makeDerivatives(deps, data.audioId);
    } catch (error) {
      deps.log?.error({ err: error, audioId: data.audioId }, 'audio derivatives failed');
      if (context.isLastAttempt) await markFailed(deps.db, data.audioId, (error as Error).message);
      throw error;
    }
  };
}
