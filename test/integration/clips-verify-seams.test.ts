/**
 * A long smart cut is verified by its seams (clips/verify/windows.ts, seams.ts): decoded only from
 * its start through the second copied keyframe and from the last copied GOP to its end, its copied
 * middle compared with the master packet by packet. A byte changed in a copied packet that is never
 * decoded is still caught, and named; the clip as made passes. Real ffmpeg, a cached corpus master.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeClip } from '../../src/clips/execute/smartcut.ts';
import { planClip } from '../../src/clips/plan/plan.ts';
import { readClipBoxes } from '../../src/clips/verify/clip-boxes.ts';
import { makeVerifiedClip } from '../../src/clips/verify/make.ts';
import { startMasterSide } from '../../src/clips/verify/master-side.ts';
import { seamPictures } from '../../src/clips/verify/seam-pictures.ts';
import { verifyClip } from '../../src/clips/verify/verify.ts';
import {
  decodeTailWindow,
  decodeWindow,
  residentWindow,
  sameTime,
  tailSeek,
  timeBaseOf,
  type WindowDecoded,
} from '../../src/clips/verify/window-decode.ts';
import {
  decodeWindows,
  HEAD_AFTER_COPY,
  narrowWindows,
  packetOfFrame,
  parsePackets,
} from '../../src/clips/verify/windows.ts';
import { findBox, videoTrak } from '../../src/lib/isobmff/boxes.ts';
import { readMp4File } from '../../src/lib/isobmff/file.ts';
import { readMp4TrackSamples } from '../../src/lib/isobmff/samples.ts';
import { buildKeyframeIndex } from '../../src/media/keyframe-index.ts';
import { probeMedia } from '../../src/media/probe.ts';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';
import { x264CavlcMp4, x264OpenGopMp4 } from '../support/corpus-isobmff.ts';
import { ensureMaster, h264Mp4Master, xdcamMxfMaster } from '../support/masters.ts';
import { testResidentEncoder } from '../support/resident-encoder.ts';

/** Live (not zombie) child processes of this process, every thread's. */
function liveChildren(): number[] {
  return readdirSync('/proc/self/task')
    .flatMap((task) => readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/))
    .filter(Boolean)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Changes one byte of a file (twice: back as it was). */
async function flip(path: string, at: number): Promise<void> {
  const file = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, at);
    byte[0] = byte[0]! ^ 0x55;
    await file.write(byte, 0, 1, at);
  } finally {
    await file.close();
  }
}

/** The video packets of `clipPath` as ffmpeg lists them (stream copy into framecrc at `listing`). */
async function listPackets(clipPath: string, listing: string): Promise<string> {
  await runFfmpeg([
    ...['-v', 'error', '-copyts', '-i', clipPath],
    ...['-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', listing],
  ]);
  return readFile(listing, 'utf8');
}

const resident = testResidentEncoder();

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

describe('verification by the seams', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verify-seams-'));
  });
  afterAll(async () => {
    await resident?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passes the clip as made and catches a changed byte in the copied video or audio without decoding it', async () => {
    const master = await x264CavlcMp4();
    const media = await probeMedia(master.path);
    const index = await buildKeyframeIndex(master.path, media);
    // 6 s, a keyframe every 25 frames, no B-frames: head 12–25, then copied into the last GOP.
    const plan = planClip({ index, media, inFrame: 12, outFrame: 140, profile: 'broadcast' });
    const windows = decodeWindows(plan, index, media.containerFamily);
    expect(windows).toMatchObject({ headEnd: 39, tailStart: 113, middleFrom: 38 });
    const clipPath = join(dir, 'clip.mp4');
    await executeClip({ masterPath: master.path, media, plan, outputPath: clipPath });
    const verify = () => verifyClip({ clipPath, masterPath: master.path, media, plan, index });
    expect((await verify()).failures).toEqual([]);

    // Clip frame 60 (master frame 72) is a copied P-frame between the windows: one byte in the
    // middle of its sample changed. A decode would show nothing wrong until it is decoded.
    const samples = (await readMp4TrackSamples(clipPath))!;
    const sample = 60;
    const at = samples.offsets[sample]! + Math.floor(samples.sizes[sample]! / 2);
    await flip(clipPath, at);
    const { failures } = await verify();
    expect(failures.map((f) => f.code)).toEqual(['copied_packets']);
    expect(failures[0]!.detail).toMatch(/^copied packet \d+ differs from the master's/);
    await flip(clipPath, at);

    // The copied AAC is not decoded either (its samples are counted from the clip's boxes): a
    // byte changed in its 100th frame is named too.
    const boxes = await readClipBoxes(clipPath);
    if (typeof boxes === 'string') throw new Error(boxes);
    const audio = boxes.audio[0]!.table;
    await flip(clipPath, audio.offsets[100]! + Math.floor(audio.sizes[100]! / 2));
    const audioChanged = await verify();
    expect(audioChanged.failures.map((f) => f.code)).toEqual(['copied_packets']);
    expect(audioChanged.failures[0]!.detail).toMatch(/^audio 0: copied frame 100 differs from the master's/);

    // The clip's packets as its boxes give them (times, sizes, keyframes) are ffmpeg's listing's.
    const listed = parsePackets(await listPackets(clipPath, join(dir, 'clip.crc')));
    expect(boxes.packets.map(({ pts, size, key }) => ({ pts, size, key }))).toEqual(
      listed.map(({ pts, size, key }) => ({ pts, size, key })),
    );
  });

  it.skipIf(!resident)(
    'decodes the windows in the resident encoder as an ffmpeg process does, a decode error per job',
    async () => {
      const master = await x264CavlcMp4();
      const media = await probeMedia(master.path);
      const index = await buildKeyframeIndex(master.path, media);
      const plan = planClip({ index, media, inFrame: 12, outFrame: 140, profile: 'broadcast' });
      const windows = decodeWindows(plan, index, media.containerFamily)!;
      const clipPath = join(dir, 'windows.mp4');
      await executeClip({ masterPath: master.path, media, plan, outputPath: clipPath });
      const boxes = await readClipBoxes(clipPath);
      if (typeof boxes === 'string') throw new Error(boxes);
      const tailPts = boxes.packets[packetOfFrame(boxes.packets, windows.tailStart)]!.pts;
      const size = { width: media.video.width, height: media.video.height };
      const tailFrames = plan.frameCount - windows.tailStart;
      const seconds = (w: WindowDecoded) => w.pts.map((pts) => (pts * w.timeBase!.num) / w.timeBase!.den);
      const decoder = { resident, pixFmt: media.video.pixFmt, frameRate: plan.frameRate };
      for (const [seek, frames, pick] of [
        [undefined, windows.headEnd, 0],
        [tailSeek(tailPts, plan, boxes.timeBase), tailFrames, tailFrames - 1],
      ] as const) {
        const window = { clipPath, seek, frames, pick, size, workDir: dir };
        const ffmpeg = await decodeWindow({
          ...window,
          name: `f${pick}`,
          decoder: { frameRate: plan.frameRate },
        });
        // One decoder thread, and two frame threads (the head window decoding alone).
        for (const threads of [1, 2]) {
          const own = await residentWindow(resident!, { ...window, name: 'r', decoder, threads });
          expect(own).not.toBeNull();
          expect(own!.errors).toBe('');
          expect(own!.pts).toHaveLength(frames);
          expect(seconds(own!)).toEqual(seconds(ffmpeg));
          expect(own!.picture!.md5).toBe(ffmpeg.picture!.md5);
          expect(Buffer.from(own!.picture!.luma).equals(Buffer.from(ffmpeg.picture!.luma))).toBe(true);
        }
      }
      // A re-encoded P-frame of the head half overwritten: the job reports the decode error.
      await flip(clipPath, boxes.table.offsets[3]! + 8);
      for (let i = 9; i < boxes.table.sizes[3]! - 8; i += 7)
        await flip(clipPath, boxes.table.offsets[3]! + i);
      const head = { clipPath, frames: windows.headEnd, pick: 0, size, workDir: dir };
      const broken = await residentWindow(resident!, { ...head, name: 'r', decoder });
      expect(broken!.errors).not.toBe('');
      // With frame threads the decoder logs from threads of its own: still this window's error.
      const threaded = await residentWindow(resident!, { ...head, name: 'r', decoder, threads: 2 });
      expect(threaded!.errors).not.toBe('');
      expect(
        (await decodeWindow({ ...head, name: 'broken', decoder: { frameRate: plan.frameRate } })).errors,
      ).not.toBe('');
    },
  );

  it.skipIf(!resident)(
    'fails a window on a picture the decoder conceals without an error line, as ffmpeg -xerror does',
    async () => {
      // Two slices a picture; the second of picture 3 made filler data (NAL type 12), which decoders
      // skip: half the picture is missing, concealed, the frame marked, and nothing is logged.
      const path = await ensureMaster('h264-two-slices', 'mp4', [
        ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2'],
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-x264-params', 'slices=2', '-g', '50', '-bf', '0'],
        ...['-f', 'mp4'],
      ]);
      const damaged = join(dir, 'concealed.mp4');
      const bytes = await readFile(path);
      const table = (await readMp4TrackSamples(path))!;
      const slices: number[] = [];
      for (
        let at = table.offsets[3]!;
        at < table.offsets[3]! + table.sizes[3]!;
        at += 4 + bytes.readUInt32BE(at)
      ) {
        if ([1, 5].includes(bytes[at + 4]! & 0x1f)) slices.push(at + 4);
      }
      expect(slices.length).toBe(2);
      bytes[slices[1]!] = 12;
      await writeFile(damaged, bytes);
      const window = {
        clipPath: damaged,
        frames: 10,
        pick: 0,
        size: { width: 320, height: 180 },
        workDir: dir,
        decoder: { resident, pixFmt: 'yuv420p', frameRate: { num: 25, den: 1 } },
      };
      const ffmpeg = await decodeWindow({
        ...window,
        name: 'cf',
        decoder: { frameRate: { num: 25, den: 1 } },
      });
      expect(ffmpeg.errors).toMatch(/corrupt decoded frame/);
      expect(ffmpeg.errors).not.toMatch(/\[h264 @/);
      for (const threads of [1, 2]) {
        const concealed = await residentWindow(resident!, { ...window, name: 'c', threads });
        expect(concealed!.errors).toBe('corrupt decoded frame 3');
      }
      expect((await residentWindow(resident!, { ...window, clipPath: path, name: 'c' }))!.errors).toBe('');
    },
  );

  it.skipIf(!resident)(
    'MXF: decodes the tail window beside the listing once, and again from the listing when the guess is off',
    async () => {
      const path = await xdcamMxfMaster();
      const media = await probeMedia(path);
      const index = await buildKeyframeIndex(path, media);
      // 6 s, open GOPs of 12: head 17–24, copied 24–132, tail re-encoded.
      const plan = planClip({ index, media, inFrame: 17, outFrame: 137, profile: 'broadcast' });
      const windows = decodeWindows(plan, index, media.containerFamily)!;
      expect(windows).not.toBeNull();
      const clipPath = join(dir, 'early.mxf');
      await executeClip({ masterPath: path, media, plan, outputPath: clipPath, residentEncoder: resident });
      const jobs = vi.spyOn(resident!, 'run');
      const verified = await verifyClip({
        clipPath,
        masterPath: path,
        media,
        plan,
        index,
        residentEncoder: resident,
      });
      expect(verified.failures).toEqual([]);
      // The head window, and the tail window once: from the guessed seek, which the listing confirmed.
      const decodes = jobs.mock.calls.filter(([job]) => job.window).map(([job]) => job.output);
      jobs.mockRestore();
      expect(decodes.map((output) => output.split('/').pop())).toEqual(['head.raw', 'tail-early.raw']);

      // A guess the listing does not confirm is not used: the window is decoded from the listed time.
      const text = await listPackets(clipPath, join(dir, 'early.crc'));
      const packets = parsePackets(text);
      const timeBase = timeBaseOf(text);
      const size = { width: media.video.width, height: media.video.height };
      const decoder = { resident, pixFmt: media.video.pixFmt, frameRate: plan.frameRate };
      const wrong: WindowDecoded = { errors: '', pts: [0], timeBase, picture: null };
      const tail = decodeTailWindow({
        clipPath,
        packets,
        tailStart: windows.tailStart,
        clipFrames: plan.frameCount,
        plan,
        timeBase,
        size,
        workDir: dir,
        decoder,
        early: { seek: '0.001000', decoded: Promise.resolve(wrong) },
      });
      const decoded = await tail.decoded!;
      expect(decoded).not.toBe(wrong);
      expect(decoded.pts).toHaveLength(plan.frameCount - windows.tailStart);
      expect(sameTime(decoded, tail.packet?.pts, timeBase)).toBe(true);
    },
  );

  it("stops the master's side and removes its directory when the job fails before verifying", async () => {
    const master = await x264CavlcMp4();
    const media = await probeMedia(master.path);
    const index = await buildKeyframeIndex(master.path, media);
    const plan = planClip({ index, media, inFrame: 12, outFrame: 140, profile: 'broadcast' });
    const clipPath = join(dir, 'stopped.mp4');
    const before = new Set(liveChildren());
    // Disposed of at once: its ffmpeg processes have just started.
    const side = await startMasterSide({ clipPath, masterPath: master.path, media, plan, index });
    expect((await readdir(dir)).some((name) => name.startsWith('.stopped.mp4.master.parts-'))).toBe(true);
    await side.dispose();
    // Killed (SIGKILL) by then; the kernel ends them a moment later.
    await vi.waitFor(() => expect(liveChildren().filter((pid) => !before.has(pid))).toEqual([]));
    expect((await readdir(dir)).filter((name) => name.includes('stopped.mp4'))).toEqual([]);
    // The job failing after the cut (its test hook throws) leaves no master directory either.
    await expect(
      makeVerifiedClip({
        masterPath: master.path,
        media,
        plan,
        index,
        outputPath: clipPath,
        hooks: {
          afterWrite: async () => {
            throw new Error('stopped by the test');
          },
        },
      }),
    ).rejects.toThrow('stopped by the test');
    expect((await readdir(dir)).filter((name) => name.includes('.master.parts-'))).toEqual([]);
    await vi.waitFor(() => expect(liveChildren().filter((pid) => !before.has(pid))).toEqual([]));
  });

  it('decodes an IDR seam only as far as the reordering it bounds, and the tail from its IDR', async () => {
    // GOP 100 closed, 3 B-frames with pyramid (max_num_reorder_frames 2), as bench/clip's master;
    // to its last frame, so that the copy holds two keyframes.
    const path = await h264Mp4Master();
    const media = await probeMedia(path);
    const index = await buildKeyframeIndex(path, media);
    const plan = planClip({ index, media, inFrame: 50, outFrame: 300, profile: 'broadcast' });
    expect(plan.parts.map((p) => [p.kind, p.startFrame, p.endFrame])).toEqual([
      ['encode', 50, 100],
      ['copy', 100, 300],
    ]);
    const windows = decodeWindows(plan, index, media.containerFamily)!;
    expect(windows).toMatchObject({ headEnd: 50 + HEAD_AFTER_COPY, tailStart: 150, middleFrom: 50 });
    const clipPath = join(dir, 'idr-seams.mp4');
    await executeClip({ masterPath: path, media, plan, outputPath: clipPath });
    const boxes = await readClipBoxes(clipPath);
    if (typeof boxes === 'string') throw new Error(boxes);
    const { packets, table } = boxes;
    const seams = await seamPictures(clipPath, table, boxes.avcC, packetOfFrame(packets, 50), -1, null);
    expect(seams).toEqual({ headIdr: true, headAfterCopy: 3, tailIdr: false });
    expect(narrowWindows(windows, plan.frameCount, seams)).toMatchObject({ headEnd: 53, tailStart: 150 });
    const verify = () =>
      verifyClip({ clipPath, masterPath: path, media, plan, index, residentEncoder: resident });
    expect((await verify()).failures).toEqual([]);

    // Two copied frames between the windows swapped in display order (their composition times
    // exchanged): same bytes, same count, the same times, nothing decoded there; but not the
    // master's order.
    const swapped = await swapCompositionTimes(clipPath, 120, table.dts[121]! - table.dts[120]!);
    const { failures } = await verify();
    expect(failures.map((f) => f.code)).toEqual(['copied_packets']);
    expect(failures[0]!.detail).toMatch(/is shown at another time than the master's/);
    await swapped.undo();
    expect((await verify()).failures).toEqual([]);

    // A re-encoded tail (the out-point inside a mini-GOP: two B-frames) starts with an IDR that
    // outputs the copied pictures before it: a tail window would start there.
    const cut = planClip({ index, media, inFrame: 50, outFrame: 251, profile: 'broadcast' });
    expect(cut.parts.at(-1)).toMatchObject({ kind: 'encode', startFrame: 249, endFrame: 251 });
    const cutPath = join(dir, 'idr-tail.mp4');
    await executeClip({ masterPath: path, media, plan: cut, outputPath: cutPath });
    const cutBoxes = await readClipBoxes(cutPath);
    if (typeof cutBoxes === 'string') throw new Error(cutBoxes);
    const n = cutBoxes.packets.length;
    const tail = await seamPictures(
      cutPath,
      cutBoxes.table,
      cutBoxes.avcC,
      packetOfFrame(cutBoxes.packets, 50),
      packetOfFrame(cutBoxes.packets, 150),
      n - 2,
    );
    expect(tail).toEqual({ headIdr: true, headAfterCopy: 3, tailIdr: true });
  });

  it('keeps the whole head window at a seam that is not an IDR, and names it', async () => {
    // x264 open GOPs: every keyframe after the first is a recovery point. An index that does not
    // say so (built before it did) let the planner copy from one; at frame 95 the clip decodes with
    // "mmco: unref short failure", at frame 55 ffmpeg decodes it without a word.
    const master = await x264OpenGopMp4();
    const media = await probeMedia(master.path);
    const known = await buildKeyframeIndex(master.path, media);
    const index = {
      ...known,
      keyframes: known.keyframes.map(({ nonIdr: _unknown, ...keyframe }) => ({
        ...keyframe,
        openGop: false,
      })),
    };
    for (const [inFrame, copyFrom, error] of [
      [90, 95, /mmco: unref short failure/],
      [45, 55, /^the first copied picture, after re-encoded ones, is not an IDR$/],
    ] as const) {
      const plan = planClip({ index, media, inFrame, outFrame: 148, profile: 'broadcast' });
      expect(plan.parts[1]).toMatchObject({ kind: 'copy', startFrame: copyFrom });
      const clipPath = join(dir, `recovery-${copyFrom}.mp4`);
      await executeClip({ masterPath: master.path, media, plan, outputPath: clipPath });
      const boxes = await readClipBoxes(clipPath);
      if (typeof boxes === 'string') throw new Error(boxes);
      const seams = await seamPictures(
        clipPath,
        boxes.table,
        boxes.avcC,
        packetOfFrame(boxes.packets, copyFrom - inFrame),
        -1,
        null,
      );
      expect(seams).toMatchObject({ headIdr: false, headAfterCopy: null });
      const { failures } = await verifyClip({
        clipPath,
        masterPath: master.path,
        media,
        plan,
        index,
        residentEncoder: resident,
      });
      expect(failures[0]).toMatchObject({ code: 'decode_errors', detail: expect.stringMatching(error) });
    }
  });
});

/**
 * Exchanges the composition times of video samples `sample` and `sample + 1` (each its own ctts
 * run; the second decoded `step` after the first): their display order, nothing else.
 */
async function swapCompositionTimes(
  path: string,
  sample: number,
  step: number,
): Promise<{ undo: () => Promise<void> }> {
  const { moov } = await readMp4File(path);
  const file = await open(path, 'r+');
  try {
    // Where the moov starts: the top-level boxes walked from the file's start.
    let moovAt = 0;
    const header = Buffer.alloc(16);
    const { size } = await file.stat();
    while (moovAt < size) {
      await file.read(header, 0, 16, moovAt);
      if (header.toString('latin1', 4, 8) === 'moov') break;
      const box = header.readUInt32BE(0);
      moovAt += box === 1 ? Number(header.readBigUInt64BE(8)) : box;
    }
    const ctts = findBox(moov!, ['mdia', 'minf', 'stbl', 'ctts'], videoTrak(moov!)!)!;
    const entries = ctts.start + ctts.headerSize + 8;
    let first = 0;
    for (let e = 0; ; e++) {
      const runs = moov!.readUInt32BE(entries + 8 * e);
      if (first === sample) {
        expect([runs, moov!.readUInt32BE(entries + 8 * e + 8)]).toEqual([1, 1]);
        const at = moovAt + entries + 8 * e + 4;
        const original = Buffer.alloc(12);
        await file.read(original, 0, 12, at);
        // Composition time = decode time + offset: sample + 1 decodes `step` later.
        const [a, b] = [original.readUInt32BE(0), original.readUInt32BE(8)];
        expect(a).toBeGreaterThanOrEqual(step);
        const swapped = Buffer.from(original);
        swapped.writeUInt32BE(b + step, 0);
        swapped.writeUInt32BE(a - step, 8);
        await file.write(swapped, 0, 12, at);
        return {
          undo: async () => {
            await file.write(original, 0, 12, at);
            await file.close();
          },
        };
      }
      first += runs;
      if (first > sample) throw new Error(`sample ${sample} shares a ctts run`);
    }
  } catch (error) {
    await file.close();
    throw error;
  }
}
