/**
 * Verifies a finished clip against its plan and the master (rules.ts decides, probe.ts and seams.ts
 * measure the clip, master-side.ts the master): a smart cut with a copied middle is decoded only
 * around its seams (windows.ts) and its middle's packets compared with the master's; any other clip
 * is decoded once, whole. The master's side is started by the caller with the cut (make.ts), or
 * here, beside the clip's measures, when it was not.
 * Resolves with the failures (empty: the clip may be delivered) and what it cost.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { KeyframeIndex, MediaInfo } from '../../media/public.ts';
import type { ResidentEncoder } from '../../platform/ffmpeg/resident-encoder.ts';
import type { MasterCache } from '../execute/master-cache.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { type MasterSide, startMasterSide } from './master-side.ts';
import { measureClip } from './probe.ts';
import {
  byPriority,
  type EdgeFacts,
  edgesOf,
  expectationOf,
  judgeClip,
  type VerifyFailure,
} from './rules.ts';
import { measureSeams } from './seams.ts';

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
  /**
   * Decodes the clip's windows (seams.ts), and the master's reference frames when the master's side
   * is started here (master-side.ts).
   */
  residentEncoder?: ResidentEncoder | null;
  /**
   * The master's side, started earlier for this plan (make.ts, with the cut); the caller disposes
   * of it. Started (and disposed of) here when absent.
   */
  master?: MasterSide;
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
  let own: MasterSide | undefined;
  try {
    if (!options.master) own = await startMasterSide(options);
    const master = (options.master ?? own)!;
    const size = { width: media.video.width, height: media.video.height };
    const planned = edgesOf(plan);
    const windows = master.windows;
    // Observed at once: a measure of the clip failing first must not leave it unhandled.
    const clipMeasured = windows
      ? measureSeams(
          {
            clipPath: options.clipPath,
            plan,
            windows,
            size,
            workDir,
            masterMiddle: master.middle!,
            masterPath: options.masterPath,
            masterCache: options.masterCache,
            residentEncoder: options.residentEncoder,
            pixFmt: media.video.pixFmt,
          },
          options.signal,
        )
      : measureClip(options.clipPath, plan, size, workDir, options.signal);
    clipMeasured.catch(() => undefined);
    const [clip, sources] = await Promise.all([clipMeasured, master.pictures]);
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
    const masterSamples = await master.samples;
    failures.push(...judgeClip(expectationOf(plan, masterSamples), clip.facts, edges));
    return { failures: byPriority(failures), ms: Date.now() - started };
  } finally {
    await own?.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
