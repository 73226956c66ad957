/**
 * The clip job's own verification (src/clips/verify) run on a corpus clip that it verifies by its
 * seams only (decode windows and the copied middle's packets, clips/verify/windows.ts): whatever
 * it finds wrong, as sentences. The corpus checks each clip independently; this proves the job's
 * cheaper check raises no false alarm on any class where it is used (a false alarm remakes a clip,
 * or fails a copy that has no safe path). With the resident encoder when it is built, as the job
 * has it (its decode windows, the master's reference frames).
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

export async function seamVerification(
  clipPath: string,
  master: { path: string; media: MediaInfo; index: KeyframeIndex },
  plan: ClipPlan,
): Promise<{ windowed: boolean; failures: string[] }> {
  if (!decodeWindows(plan, master.index)) return { windowed: false, failures: [] };
  const { failures } = await verifyClip({
    clipPath,
    masterPath: master.path,
    media: master.media,
    plan,
    index: master.index,
    residentEncoder: residentEncoder(),
  });
  return {
    windowed: true,
    failures: failures.map((f) => `job verification by seams: ${f.code}: ${f.detail}`),
  };
}
