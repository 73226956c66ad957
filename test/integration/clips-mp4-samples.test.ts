/**
 * The MP4 sample table read in Node against ffprobe's packet list of the same file, and the pictures
 * fed to a decoder (unreferenced ones left out) decoding to the master's own frames.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Feed,
  gopPictures,
  planFeed,
  readAccessUnits,
  readFeed,
  sliceRefIdc,
} from '../../src/clips/execute/h264-feed.ts';
import { readMp4VideoSamples } from '../../src/lib/isobmff/samples.ts';
import { runFfmpeg, runFfprobeText } from '../../src/platform/ffmpeg/run.ts';
import { frameMd5s } from '../support/clip-checks.ts';
import { ensureMaster, h264Mp4Master, proresMovMaster } from '../support/masters.ts';

describe('MP4 sample table', () => {
  it('matches ffprobe: position, size, key flag and display order of every packet', async () => {
    const path = await h264Mp4Master();
    const samples = (await readMp4VideoSamples(path))!;
    const csv = await runFfprobeText([
      ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,pos,size,flags'],
      ...['-of', 'csv=p=0', path],
    ]);
    const packets = csv
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    expect(samples.offsets.length).toBe(packets.length);
    packets.forEach(([pts, size, pos, flags], i) => {
      expect([samples.offsets[i], samples.sizes[i], samples.sync[i] === 1]).toEqual([
        Number(pos),
        Number(size),
        (flags ?? '').includes('K'),
      ]);
      // ffprobe's pts is the composition time shifted by the edit list: the same for every packet.
      expect(samples.cts[i]! - Number(pts)).toBe(samples.cts[0]! - Number(packets[0]![0]));
    });
    expect(samples.avcC.sps.length).toBe(1);
    expect(await readMp4VideoSamples(await proresMovMaster())).toBeNull();
  });

  it('a decoder fed only the referenced pictures before the part gives the master frames of the part', async () => {
    const path = await h264Mp4Master();
    const samples = (await readMp4VideoSamples(path))!;
    const gop = gopPictures(samples, 0)!;
    const [start, end] = [37, 60];
    const units = await readAccessUnits(path, samples, 0, gop.end);
    const isReference = (i: number) => sliceRefIdc(units[i]!, 4) !== 0;
    const before = [...gop.display].flatMap((shown, i) => (shown < start ? [i] : []));
    const references = before.filter(isReference);
    expect(references.length).toBeLessThan(before.length); // B-pyramid: some pictures are not referenced
    expect(planFeed(gop, start, end, isReference)!.leading).toBe(references.length);
    const feed = (await readFeed(path, samples, 0, start, end))!;
    expect(feed.leading).toBe(references.length);
    // The pyramid's middle B-frames before the part are references only for their own mini-GOP.
    expect(feed.skipped).toBeGreaterThan(0);
    await expectFedFrames(path, feed, [start, end]);
  });

  // Several slices per picture (lists and marking per slice), and P-frames that may predict from
  // the middle B-frames (x264 medium: 3 reference frames): only what no kept picture can use goes.
  it.each([
    ['four slices per picture', ['-preset', 'veryfast', '-x264-params', 'slices=4']],
    ['three reference frames', ['-preset', 'medium']],
  ])('a fed decoder gives the master frames with %s', async (_, x264) => {
    const path = await ensureMaster('h264-360p50-feed', 'mp4', [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=50:duration=2'],
      ...['-c:v', 'libx264', ...x264, '-g', '100', '-keyint_min', '100', '-sc_threshold', '0', '-bf', '3'],
      ...['-pix_fmt', 'yuv420p', '-f', 'mp4'],
    ]);
    const samples = (await readMp4VideoSamples(path))!;
    for (const [start, end] of [
      [37, 60],
      [61, 90],
    ] as const) {
      const feed = (await readFeed(path, samples, 0, start, end))!;
      await expectFedFrames(path, feed, [start, end]);
    }
  });
});

/** Decodes a feed as ffmpeg gets it (errors are failures) and compares its part with the master's frames. */
async function expectFedFrames(path: string, feed: Feed, [start, end]: [number, number]): Promise<void> {
  const out = join(tmpdir(), `fed-${process.pid}.nut`);
  const trim = `trim=start_frame=${feed.leading}:end_frame=${feed.leading + end - start}`;
  await runFfmpeg(
    [
      ...['-v', 'warning', '-xerror', '-y', '-f', 'h264', '-framerate', '50', '-i', 'pipe:0'],
      ...['-vf', trim, '-c:v', 'rawvideo', '-f', 'nut', out],
    ],
    { input: feed.chunks },
  );
  try {
    expect(await frameMd5s(out, 'yuv420p')).toEqual(await frameMd5s(path, 'yuv420p', [start, end]));
  } finally {
    await rm(out, { force: true });
  }
}
