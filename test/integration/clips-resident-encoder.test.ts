/**
 * The resident encoder (native/resident-encoder/ through platform/ffmpeg/resident-encoder.ts), built
 * by `npm test` (scripts/build-native.mjs --required): the same clip as ffmpeg processes make, packet
 * for packet; clear errors; abort and a killed process leave no output; ffmpeg takes over when the
 * resident encoder fails; the master's reference frames a clip's verification decodes with it are
 * ffmpeg's, MD5 and luma. Skipped, saying why, where it is off (RESIDENT_ENCODER=off) or not built.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeClip } from '../../src/clips/execute/smartcut.ts';
import { planClip } from '../../src/clips/plan/plan.ts';
import { type MasterSide, startMasterSide } from '../../src/clips/verify/master-side.ts';
import { grayFromLimitedLuma } from '../../src/clips/verify/resident-reference.ts';
import type { Picture } from '../../src/clips/verify/rules.ts';
import { verifyClip } from '../../src/clips/verify/verify.ts';
import { buildKeyframeIndex } from '../../src/media/keyframe-index.ts';
import { probeMedia } from '../../src/media/probe.ts';
import {
  type EncoderSpec,
  ResidentEncoder,
  type ResidentJob,
} from '../../src/platform/ffmpeg/resident-encoder.ts';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';
import { countFrames, psnrAgainst } from '../support/clip-checks.ts';
import { h264Mp4Master, xdcamMxfMaster } from '../support/masters.ts';
import { residentEncoderAbsence, testResidentEncoder } from '../support/resident-encoder.ts';

vi.setConfig({ testTimeout: 300_000 });

const absent = residentEncoderAbsence();
const shared = testResidentEncoder();
/** This file's resident encoder (the tests run only when there is one). */
const residentEncoder = () => shared;
const skipped = absent ? ` (skipped: ${absent})` : '';

let dir: string;
let feed: string;
const x264: EncoderSpec = {
  codec: 'libx264',
  pixFmt: 'yuv420p',
  options: [
    ['threads', '1'],
    ['preset', 'veryfast'],
    ['x264-params', 'keyint=100:bframes=2'],
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'resident-'));
  feed = join(dir, 'feed.h264');
  // 100 frames, one GOP, B-frames: a decoder's feed as the smart cut writes it (Annex B).
  await runFfmpeg([
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=4'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '100', '-bf', '2', '-pix_fmt', 'yuv420p'],
    ...['-f', 'h264', feed],
  ]);
});

afterAll(async () => {
  await shared?.close();
  await rm(dir, { recursive: true, force: true });
});

function job(name: string, overrides: Partial<ResidentJob> = {}): ResidentJob {
  return {
    input: feed,
    output: join(dir, `${name}.mp4`),
    format: 'mp4',
    leading: 10,
    count: 50,
    frameRate: { num: 25, den: 1 },
    encoder: x264,
    ...overrides,
  };
}

describe.skipIf(absent)(`resident encoder${skipped}`, () => {
  it('was built by npm test', () => {
    expect(residentEncoder()).not.toBeNull();
  });

  it('re-encodes frames [leading, leading + count) of a feed, numbered from 0, with progress', async () => {
    const encoder = residentEncoder()!;
    const progress: number[] = [];
    const output = join(dir, 'range.mp4');
    expect(await encoder.run(job('range', { onProgress: (n) => progress.push(n) }))).toBe(50);
    expect(await countFrames(output)).toBe(50);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(50);
    // Frame k of the output is the feed's frame 10 + k (testsrc2 moves: a one-frame slip shows).
    const frames = [0, 1, 25, 49];
    const [same = [], next = []] = await psnrAgainst(output, frames, feed, [
      frames.map((f) => f + 10),
      frames.map((f) => f + 11),
    ]);
    for (const [i, value] of same.entries()) {
      expect(value).toBeGreaterThan(35);
      expect(next[i]).toBeLessThan(value - 5);
    }
  });

  it('runs jobs side by side, each on its own range', async () => {
    const encoder = residentEncoder()!;
    const ranges = [
      [0, 30],
      [40, 20],
      [75, 25],
    ] as const;
    const counts = await Promise.all(
      ranges.map(([leading, count], i) => encoder.run(job(`side-${i}`, { leading, count }))),
    );
    expect(counts).toEqual(ranges.map(([, count]) => count));
    for (const [i, [leading, count]] of ranges.entries()) {
      const output = join(dir, `side-${i}.mp4`);
      expect(await countFrames(output)).toBe(count);
      const [[same = 0] = [], [next = 0] = []] = await psnrAgainst(output, [0], feed, [
        [leading],
        [leading + 1],
      ]);
      expect(same).toBeGreaterThan(next + 5);
    }
  });

  it('answers a precise error and leaves no output for a feed too short, an unknown option, a missing file', async () => {
    const encoder = residentEncoder()!;
    await expect(encoder.run(job('short', { count: 200 }))).rejects.toThrow(
      'the input holds 100 pictures, 210 wanted',
    );
    expect(existsSync(join(dir, 'short.mp4'))).toBe(false);
    const unknown: EncoderSpec = { ...x264, options: [...x264.options, ['no-such-option', '1']] };
    await expect(encoder.run(job('unknown', { encoder: unknown }))).rejects.toThrow(
      'encoder option not found: no-such-option',
    );
    expect(existsSync(join(dir, 'unknown.mp4'))).toBe(false);
    await expect(encoder.run(job('missing', { input: join(dir, 'nothing.h264') }))).rejects.toThrow(
      /cannot read the input/,
    );
    await expect(encoder.run(job('tab', { output: join(dir, 'a\tb.mp4') }))).rejects.toThrow(
      /tab or newline/,
    );
  });

  it('cancels a job on abort and removes its output; a killed process is restarted for the next job', async () => {
    const encoder = new ResidentEncoder(residentEncoder()!.binary);
    const controller = new AbortController();
    // Mid-job: at its first progress report (8 frames of 90 encoded).
    const running = encoder.run(
      job('aborted', { count: 90, signal: controller.signal, onProgress: () => controller.abort() }),
    );
    await expect(running).rejects.toMatchObject({ cancelled: true });
    expect(existsSync(join(dir, 'aborted.mp4'))).toBe(false);

    const killed = encoder.run(job('killed', { count: 90, onProgress: () => encoder.close() }));
    await expect(killed).rejects.toThrow(/resident encoder exited/);
    expect(await encoder.run(job('after'))).toBe(50);
    encoder.close();
  });
});

/** Every packet of every stream (timestamps, size, flags, md5 of the data): the clip's essence. */
async function packetHashes(clip: string): Promise<string[]> {
  const list = `${clip}.md5`;
  await runFfmpeg(['-v', 'error', '-y', '-i', clip, '-map', '0', '-c', 'copy', '-f', 'framemd5', list]);
  return (await readFile(list, 'utf8')).split('\n').filter((line) => line && !line.startsWith('#'));
}

describe.skipIf(absent)(`smart cut with the resident encoder${skipped}`, () => {
  it.each([
    ['H.264 MP4 (fed from the samples)', h264Mp4Master, 37, 263, 'mp4', 226],
    ['XDCAM HD422 MXF (seeking in the master)', xdcamMxfMaster, 17, 65, 'mxf', 48],
  ])(
    '%s: the same clip as ffmpeg processes make, packet for packet; ffmpeg takes over when it fails',
    async (_name, master, inFrame, outFrame, extension, frames) => {
      const path = await master();
      const media = await probeMedia(path);
      const index = await buildKeyframeIndex(path, media);
      const plan = planClip({ index, media, inFrame, outFrame, profile: 'broadcast' });
      const cut = async (name: string, resident: ResidentEncoder | null) => {
        const outputPath = join(dir, `${name}.${extension}`);
        const result = await executeClip({
          masterPath: path,
          media,
          plan,
          outputPath,
          residentEncoder: resident,
        });
        return { notes: result.notes.join(' '), packets: await packetHashes(outputPath), outputPath };
      };

      const resident = await cut(`resident-${extension}`, residentEncoder());
      expect(resident.notes).toMatch(/2 re-encoded part\(s\) run by the resident encoder/);
      const processes = await cut(`processes-${extension}`, null);
      expect(processes.notes).not.toMatch(/resident/);
      expect(resident.packets.length).toBeGreaterThan(frames);
      expect(resident.packets).toEqual(processes.packets);

      const broken = await cut(`fallback-${extension}`, new ResidentEncoder(join(dir, 'no-such-binary')));
      expect(broken.notes).toMatch(/resident encoder failed .*run by ffmpeg/);
      expect(await countFrames(broken.outputPath)).toBe(frames);
      expect(broken.packets).toEqual(processes.packets);
    },
  );
});

describe.skipIf(absent)(`verification's reference frames from the resident encoder${skipped}`, () => {
  it("expands luma as ffmpeg's format=gray does, for every 8-bit value", async () => {
    const raw = join(dir, 'ramp.yuv');
    const gray = join(dir, 'ramp.gray');
    // Every luma value once a row; both outputs from the same decoded pictures.
    await runFfmpeg([
      ...[
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        "color=s=256x4:d=0.04,format=yuv422p,geq=lum='X':cb=128:cr=128",
      ],
      ...['-filter_complex', '[0:v]split=2[a][b];[b]scale=256:4,format=gray[g]', '-frames:v', '1'],
      ...['-map', '[a]', '-f', 'rawvideo', raw, '-map', '[g]', '-frames:v', '1', '-f', 'rawvideo', gray],
    ]);
    const [y, expected] = await Promise.all([readFile(raw), readFile(gray)]);
    const luma = Array.from(y.subarray(0, 256 * 4), grayFromLimitedLuma);
    expect(luma).toEqual(Array.from(expected));
    expect(new Set(y.subarray(0, 256))).toHaveProperty('size', 256);
  });

  it.each([
    ['H.264 MP4 (edges fed from the samples)', h264Mp4Master, 37, 263],
    ['XDCAM HD422 MXF (seeking in the master)', xdcamMxfMaster, 17, 65],
  ])('%s: the same frames as ffmpeg decodes, MD5 and luma', async (_name, master, inFrame, outFrame) => {
    const path = await master();
    const media = await probeMedia(path);
    const index = await buildKeyframeIndex(path, media);
    const plan = planClip({ index, media, inFrame, outFrame, profile: 'broadcast' });
    /** The master's side of clip `name`; with `fromCut`, its edges' frames are asked of the cut. */
    const masterSide = (name: string, residentEncoder: ResidentEncoder | null, fromCut = false) =>
      startMasterSide({
        clipPath: join(dir, `${name}.clip`),
        masterPath: path,
        media,
        plan,
        index,
        residentEncoder,
        fromCut,
      });
    const side = async (name: string, resident: ResidentEncoder | null) => {
      const made = await masterSide(name, resident);
      try {
        return await made.pictures;
      } finally {
        await made.dispose();
      }
    };
    const encoder = residentEncoder()!;
    const jobs = vi.spyOn(encoder, 'run');
    const resident = await side('resident', encoder);
    // Both edges, three frames each, by the resident encoder.
    expect(jobs).toHaveBeenCalledTimes(2);
    jobs.mockRestore();
    const processes = await side('processes', null);
    expect(resident.map((edge) => [...edge.keys()])).toEqual([
      [inFrame - 1, inFrame, inFrame + 1],
      [outFrame - 2, outFrame - 1, outFrame],
    ]);
    // Compared as digests: a failing diff of whole luma planes would not fit in memory.
    const digests = (edges: Map<number, Picture>[]) =>
      edges.map((edge) =>
        [...edge].map(([frame, p]) => [
          frame,
          p.md5,
          createHash('md5').update(p.luma).digest('hex'),
          p.luma.length,
        ]),
      );
    expect(digests(resident)).toEqual(digests(processes));

    // The clip job's way: the master's side asks the cut, and the decode that encodes an H.264
    // edge writes that edge's frames as it goes (no job of their own); the same bits either way.
    const asked = await masterSide('asked', encoder, true);
    /** Clip `name` cut by the resident encoder, which writes the edges' frames `edgeReferences` asks. */
    const cutAsking = (name: string, edgeReferences: MasterSide['edgeReferences']) =>
      executeClip({
        masterPath: path,
        media,
        plan,
        outputPath: join(dir, `${name}.${plan.container}`),
        residentEncoder: encoder,
        edgeReferences,
      });
    try {
      const settled = new Map<string, boolean>();
      const requests = asked.edgeReferences.map((request) => ({
        ...request,
        settle: (written: boolean) => {
          if (!settled.has(request.edge)) settled.set(request.edge, written);
          request.settle(written);
        },
      }));
      const cutJobs = vi.spyOn(encoder, 'run');
      await cutAsking('asked', requests);
      const fromCut = await asked.pictures;
      // The cut's two parts, and nothing for the references when the cut wrote them.
      expect(cutJobs).toHaveBeenCalledTimes(2);
      cutJobs.mockRestore();
      expect(digests(fromCut)).toEqual(digests(processes));
      const h264 = plan.sourceCodec === 'h264';
      expect(Object.fromEntries(settled)).toEqual(h264 ? { first: true, last: true } : {});
      const clipPath = join(dir, `asked.${plan.container}`);
      // Feeding the neighbours too changes nothing in the clip: the same packets as a plain cut.
      const plain = join(dir, `plain.${plan.container}`);
      await executeClip({ masterPath: path, media, plan, outputPath: plain, residentEncoder: encoder });
      expect(await packetHashes(clipPath)).toEqual(await packetHashes(plain));
      const verify = (master: MasterSide) =>
        verifyClip({ clipPath, masterPath: path, media, plan, index, residentEncoder: encoder, master });
      expect((await verify(asked)).failures).toEqual([]);
      if (!h264) return;
      // The edge is judged against the frames the cut wrote: a source frame that is not the
      // clip's (its luma inverted, as a wrong frame's would differ) fails the clip.
      const wrong = await masterSide('wrong', encoder, true);
      try {
        const [first] = wrong.edgeReferences;
        const written = new Promise<void>((resolve) => {
          first!.settle = (() => {
            const settle = first!.settle;
            let called = false;
            return (ok: boolean) => {
              if (called) return;
              called = true;
              if (!ok) return settle(false);
              void readFile(first!.output)
                .then((data) =>
                  writeFile(
                    first!.output,
                    data.map((byte) => 255 - byte),
                  ),
                )
                .then(
                  () => settle(true),
                  () => settle(false),
                )
                .then(resolve);
            };
          })();
        });
        await cutAsking('wrong', wrong.edgeReferences);
        await written;
        const { failures } = await verify(wrong);
        expect(failures.map((f) => f.code)).toEqual(['edge_frame']);
      } finally {
        await wrong.dispose();
      }
    } finally {
      await asked.dispose();
    }
  });
});
