/**
 * The clip job's own verification (src/clips/verify) run on a corpus clip, as the job runs it
 * before marking a clip ready: by its seams where it can (decode windows and the copied middle's
 * packets, clips/verify/windows.ts), else by one whole decode (MPEG-TS, clips without a copied
 * middle): whatever it finds wrong, as sentences. The corpus checks each clip independently; this
 * proves the job's check raises no false alarm on any class and cut kind (a false alarm remakes a
 * clip by the slow safe path, or fails it: a TS master's clips all failed so until session 17).
 * With the resident encoder when it is built, as the job has it (its decode windows, the master's
 * reference frames).
 */
import type { ClipPlan } from '../../src/clips/plan/plan.ts';
import { verifyClip } from '../../src/clips/verify/verify.ts';
import { decodeWindows } from '../../src/clips/verify/windows.ts';
import type { KeyframeIndex, MediaInfo } from '../../src/media/types.ts';
import type { ResidentEncoder } from '../../src/platform/ffmpeg/resident-encoder.ts';
import { testResidentEncoder } from './resident-encoder.ts';

/** One per test file (idle, it does not keep the process alive; it ends with its parent). */
let resident: ResidentEncoder | null | undefined;

function residentEncoder(): ResidentEncoder | null {
  if (resident === undefined) resident = testResidentEncoder();
  return resident;
}

export async function jobVerification(
  clipPath: string,
  master: { path: string; media: MediaInfo; index: KeyframeIndex },
  plan: ClipPlan,
): Promise<{ windowed: boolean; failures: string[] }> {
  const windowed = decodeWindows(plan, master.index, master.media.containerFamily) !== null;
  const { failures } = await verifyClip({
    clipPath,
    masterPath: master.path,
    media: master.media,
    plan,
    index: master.index,
    residentEncoder: residentEncoder(),
  });
  return {
    windowed,
    failures: failures.map((f) => `job verification${windowed ? ' by seams' : ''}: ${f.code}: ${f.detail}`),
  };
}
