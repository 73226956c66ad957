/**
 * Verifies a finished clip against its plan and the master (rules.ts decides, probe.ts and seams.ts
 * measure): a smart cut with a copied middle is decoded only around its seams (windows.ts) and its
 * middle's packets compared with the master's; any other clip is decoded once, whole. The master's
 * frames around each edge are decoded beside it.
 * Resolves with the failures (empty: the clip may be delivered) and what it cost.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { KeyframeIndex, MediaInfo } from '../../media/public.ts';
import type { MasterCache } from '../execute/master-cache.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { fedMasterPictures } from './fed-reference.ts';
import { masterAudioSamples, masterPictures, measureClip } from './probe.ts';
import {
  byPriority,
  type EdgeFacts,
  edgesOf,
  expectationOf,
  judgeClip,
  type VerifyFailure,
} from './rules.ts';
import { measureSeams } from './seams.ts';
import { decodeWindows } from './windows.ts';

export interface VerifyClipOptions {
  clipPath: string;
  masterPath: string;
  media: MediaInfo;
  plan: ClipPlan;
  index: KeyframeIndex;
  signal?: AbortSignal;
  /** Decode the whole clip even where its seams would do (the previous method; bench/clip compares). */
  wholeDecode?: boolean;
  /** The clip worker's cache of master facts (the executor's): the master's samples read once. */
  masterCache?: MasterCache;
}

export interface Verification {
  failures: VerifyFailure[];
  ms: number;
}

export async function verifyClip(options: VerifyClipOptions): Promise<Verification> {
  const started = Date.now();
  const { plan, media } = options;
  const workDir = join(
    dirname(options.clipPath),
    `.${basename(options.clipPath)}.parts-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(workDir, { recursive: true });
  try {
    const size = { width: media.video.width, height: media.video.height };
    const planned = edgesOf(plan);
    const master = { ...options, masterFormat: media.container, workDir };
    const windows = options.wholeDecode ? null : decodeWindows(plan, options.index);
    const masterSamplesRead = masterAudioSamples(options);
    const [clip, ...sources] = await Promise.all([
      windows
        ? measureSeams({ ...master, clipPath: options.clipPath, windows, size }, options.signal)
        : measureClip(options.clipPath, plan, size, workDir, options.signal),
      ...planned.map(async (edge) => {
        // A copied frame is compared bit for bit: its neighbours are not needed.
        const range: [number, number] = edge.copied
          ? [edge.frame, edge.frame + 1]
          : [Math.max(0, edge.frame - 1), Math.min(options.index.totalFrames, edge.frame + 2)];
        const name = `master-${edge.edge}`;
        // A re-encoded H.264 edge: its frames as the executor decoded them (only what they need).
        const fed = edge.copied
          ? null
          : await fedMasterPictures(master, edge.edge, range, name, options.signal);
        return fed ?? masterPictures(master, range, name, options.signal);
      }),
    ]);
    const failures: VerifyFailure[] = [];
    const edges: EdgeFacts[] = [];
    planned.forEach((edge, i) => {
      const pictures = sources[i]!;
      const source = pictures.get(edge.frame);
      const picture = edge.edge === 'first' ? clip.first : clip.last;
      if (!source || !picture) {
        failures.push({ code: 'edge_frame', detail: `the ${edge.edge} frame could not be decoded` });
        return;
      }
      const neighbours = [edge.frame - 1, edge.frame + 1]
        .filter((frame) => pictures.has(frame))
        .map((frame) => ({ frame, picture: pictures.get(frame)! }));
      edges.push({ ...edge, clip: picture, source, neighbours });
    });
    const masterSamples = await masterSamplesRead;
    failures.push(...judgeClip(expectationOf(plan, masterSamples), clip.facts, edges));
    return { failures: byPriority(failures), ms: Date.now() - started };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
