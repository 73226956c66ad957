/**
 * Makes a clip that is verified before anyone may have it: execute the plan, verify the file
 * (verify.ts; its master's side, master-side.ts, runs beside the cut); on failure remove it and
 * remake it by the safe path (safe-plan.ts: the range re-encoded whole with matched settings, by
 * ffmpeg), verify again; if that fails too, or there is
 * no safe path, remove it and throw ClipVerificationError. Never leaves an unverified file behind.
 */
import { rm } from 'node:fs/promises';
import type { KeyframeIndex } from '../../media/public.ts';
import { type ClipResult, type ExecuteClipOptions, executeClip } from '../execute/smartcut.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { startMasterSide } from './master-side.ts';
import type { VerifyFailure } from './rules.ts';
import { safePlan } from './safe-plan.ts';
import { type Verification, verifyClip } from './verify.ts';

/** Test hooks passed by the caller (never global): run after an attempt's file is written. */
export interface ClipMakeHooks {
  /** Called with the finished file before it is verified; `attempt` 1 is the plan, 2 the safe path. */
  afterWrite?: (path: string, attempt: 1 | 2) => Promise<void>;
}

export interface MakeVerifiedOptions extends ExecuteClipOptions {
  index: KeyframeIndex;
  hooks?: ClipMakeHooks;
}

export interface VerifiedClip {
  /** The plan the delivered file was made by (the safe path's when remade). */
  plan: ClipPlan;
  notes: string[];
  result: ClipResult;
  /** Milliseconds spent verifying, every attempt. */
  verifyMs: number;
  remade: boolean;
}

export class ClipVerificationError extends Error {
  constructor(
    /** Why the delivered attempt failed (the safe path's, or the plan's when there was none). */
    readonly failures: VerifyFailure[],
    /** Whether the safe path was tried. */
    readonly remade: boolean,
  ) {
    super(`clip verification failed: ${failures.map((f) => f.detail).join('; ')}`);
    this.name = 'ClipVerificationError';
  }
}

const summary = (failures: readonly VerifyFailure[]) =>
  failures.map((f) => `${f.code}: ${f.detail}`).join('; ');

export async function makeVerifiedClip(options: MakeVerifiedOptions): Promise<VerifiedClip> {
  const attempt = async (plan: ClipPlan, n: 1 | 2, overrides: Partial<ExecuteClipOptions> = {}) => {
    // The master's side of the verification depends on the plan only: it runs while the clip is
    // made, and is stopped and removed whatever happens (a failed cut included).
    // The safe path decodes its references in ffmpeg processes, as it encodes.
    const residentEncoder =
      'residentEncoder' in overrides ? overrides.residentEncoder : options.residentEncoder;
    const master = await startMasterSide({
      clipPath: options.outputPath,
      masterPath: options.masterPath,
      media: options.media,
      plan,
      index: options.index,
      signal: options.signal,
      masterCache: options.masterCache,
      residentEncoder,
      // The master's frames around a re-encoded H.264 edge: from the cut's own decode of it.
      fromCut: true,
    });
    try {
      const result = await executeClip({
        ...options,
        ...overrides,
        plan,
        edgeReferences: master.edgeReferences,
      });
      await options.hooks?.afterWrite?.(options.outputPath, n);
      let verification: Verification;
      try {
        verification = await verifyClip({
          clipPath: options.outputPath,
          masterPath: options.masterPath,
          media: options.media,
          plan,
          index: options.index,
          signal: options.signal,
          masterCache: options.masterCache,
          // Its windows too (seams.ts).
          residentEncoder,
          master,
        });
      } catch (error) {
        await rm(options.outputPath, { force: true });
        throw error;
      }
      if (verification.failures.length > 0) await rm(options.outputPath, { force: true });
      return { result, verification };
    } finally {
      await master.dispose();
    }
  };
  const first = await attempt(options.plan, 1);
  if (first.verification.failures.length === 0) {
    return {
      plan: options.plan,
      notes: [...first.result.notes, `verified in ${first.verification.ms} ms`],
      result: first.result,
      verifyMs: first.verification.ms,
      remade: false,
    };
  }
  const safe = safePlan(options.plan);
  if (!safe) throw new ClipVerificationError(first.verification.failures, false);
  // The safe path runs every re-encode in ffmpeg itself.
  const second = await attempt(safe, 2, { residentEncoder: null });
  if (second.verification.failures.length > 0)
    throw new ClipVerificationError(second.verification.failures, true);
  return {
    plan: safe,
    notes: [
      `verification failed (${summary(first.verification.failures)}): remade by a full re-encode of the range with matched settings`,
      ...second.result.notes,
      `verified in ${first.verification.ms + second.verification.ms} ms (both attempts)`,
    ],
    result: second.result,
    verifyMs: first.verification.ms + second.verification.ms,
    remade: true,
  };
}
