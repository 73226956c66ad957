/**
 * Conformance corpus for MPEG-TS and MXF masters (issue 17): every class cut at mid-GOP in and out,
 * on a keyframe, one frame after a keyframe, a one-frame clip, inside one GOP, to the last frame
 * and the whole file, each clip checked with tools we did not write (ffprobe -count_frames and
 * packet times, framemd5 and PSNR of ffmpeg's decoded frames against the master's at the planned
 * positions, decoded audio sample counts, mediainfo's MXF labels): see clipFailures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeClip } from '../../src/clips/execute/smartcut.ts';
import { ClipPlanError, planClip } from '../../src/clips/plan/plan.ts';
import { buildKeyframeIndex } from '../../src/media/keyframe-index.ts';
import { probeMedia } from '../../src/media/probe.ts';
import type { KeyframeIndex, MediaInfo } from '../../src/media/types.ts';
import { clipFailures, frameMd5s, mxfLabels } from '../support/clip-checks.ts';
import {
  corpusCuts,
  h264TsOffsetMaster,
  h264TsWrapMaster,
  imxD10Master,
  mpeg2TsOffsetMaster,
  xdcamNoisyMaster,
} from '../support/corpus-ts-mxf.ts';
import { jobVerification } from '../support/job-verification.ts';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corpus-ts-mxf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Master {
  path: string;
  media: MediaInfo;
  index: KeyframeIndex;
  hashes: string[];
}

async function load(path: string): Promise<Master> {
  const media = await probeMedia(path);
  const [index, hashes] = await Promise.all([
    buildKeyframeIndex(path, media),
    frameMd5s(path, media.video.pixFmt ?? 'yuv420p'),
  ]);
  return { path, media, index, hashes };
}

/**
 * mediainfo's labels, less the bit rate mode: a clip whose edges were re-encoded at a fixed fine
 * quantiser (encoders/mpeg2.ts) reads as VBR where the master reads CBR.
 */
async function labels(path: string): Promise<string[]> {
  return (await mxfLabels(path)).map((track) => track.replace(/ BitRate_Mode=\S+/, ''));
}

const classes = [
  { name: 'H.264 MPEG-TS starting one hour in', make: h264TsOffsetMaster, timecode: false },
  { name: 'H.264 MPEG-TS whose 33-bit timestamps wrap', make: h264TsWrapMaster, timecode: false },
  { name: 'IMX / D-10 50 MXF', make: imxD10Master, timecode: true },
  { name: 'XDCAM HD422 MXF, noisy detailed picture', make: xdcamNoisyMaster, timecode: true },
];

for (const kind of classes) {
  describe(kind.name, () => {
    let master: Master;
    beforeAll(async () => {
      master = await load(await kind.make());
      expect(master.index.totalFrames).toBe(master.media.durationFrames);
    });

    it('every cut kind is exact', async () => {
      const report: string[] = [];
      let windowed = 0;
      const cuts = corpusCuts(
        master.index.keyframes.map((k) => k.frame),
        master.index.totalFrames,
      );
      const masterLabels = master.media.containerFamily === 'mxf' ? await labels(master.path) : null;
      for (const cut of cuts) {
        const [inFrame, outFrame] = cut.range;
        const plan = planClip({
          index: master.index,
          media: master.media,
          inFrame,
          outFrame,
          profile: 'broadcast',
        });
        const path = join(dir, `${kind.make.name}-${inFrame}-${outFrame}.${plan.container}`);
        const result = await executeClip({
          masterPath: master.path,
          media: master.media,
          plan,
          outputPath: path,
        });
        const failures = await clipFailures(path, master.path, plan, master.media.video.pixFmt ?? 'yuv420p', {
          expectTimecode: kind.timecode,
          masterHashes: master.hashes,
        });
        if (result.notes.some((n) => /resident encoder failed/.test(n)))
          failures.push(result.notes.join('; '));
        const verified = await jobVerification(path, master, plan);
        failures.push(...verified.failures);
        if (verified.windowed) windowed++;
        if (masterLabels) {
          const clipLabels = await labels(path);
          if (JSON.stringify(clipLabels) !== JSON.stringify(masterLabels))
            failures.push(`MXF labels ${clipLabels.join(' / ')} for ${masterLabels.join(' / ')}`);
        }
        if (failures.length > 0) report.push(`${cut.name} [${inFrame}, ${outFrame}): ${failures.join('; ')}`);
      }
      console.log(`${kind.name}: ${windowed} clips verified by their seams, the others by a whole decode`);
      expect(report).toEqual([]);
      expect(cuts.length).toBeGreaterThanOrEqual(6);
    });
  });
}

describe('MPEG-2 video in MPEG-TS', () => {
  it('is refused at request time in the broadcast profile, the web profile offered', async () => {
    const path = await mpeg2TsOffsetMaster();
    const media = await probeMedia(path);
    const index = await buildKeyframeIndex(path, media);
    const plan = () => planClip({ index, media, inFrame: 7, outFrame: 29, profile: 'broadcast' });
    expect(plan).toThrow(ClipPlanError);
    expect(plan).toThrow(/web profile/);
    expect(planClip({ index, media, inFrame: 7, outFrame: 29, profile: 'web' }).container).toBe('mp4');
  });
});

describe('web-profile clips of an MPEG-TS master', () => {
  it('pass the job’s verification, to the master’s end too (its sound is not capped by an estimate)', async () => {
    const master = await load(await h264TsOffsetMaster());
    const total = master.index.totalFrames;
    for (const [inFrame, outFrame] of [
      [0, total],
      [12, total],
      [12, 62],
    ] as const) {
      const plan = planClip({ index: master.index, media: master.media, inFrame, outFrame, profile: 'web' });
      expect(plan.container).toBe('mp4');
      const path = join(dir, `web-${inFrame}-${outFrame}.mp4`);
      await executeClip({ masterPath: master.path, media: master.media, plan, outputPath: path });
      // Decoded whole: its Annex B packets are not the MP4 clip's samples byte for byte.
      const verified = await jobVerification(path, master, plan);
      expect([inFrame, outFrame, verified.windowed, ...verified.failures]).toEqual([
        inFrame,
        outFrame,
        false,
      ]);
    }
  });
});
