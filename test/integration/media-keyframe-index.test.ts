/**
 * The packet-level keyframe index against ffprobe's own decoded frames (display order): which frames
 * are key frames, their pts, and which GOPs are open (frames displayed before the keyframe that sit
 * after it in the file).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildKeyframeIndex, maxGopLength } from '../../src/media/keyframe-index.ts';
import { probeMedia } from '../../src/media/probe.ts';
import { runFfprobeJson } from '../../src/platform/ffmpeg/run.ts';
import { x264OpenGopMp4 } from '../support/corpus-isobmff.ts';
import { h264Mp4Master, h264OpenGopTsMaster, proresMovMaster, xdcamMxfMaster } from '../support/masters.ts';

interface FrameRow {
  key_frame: number;
  pict_type: string;
  pts?: number;
  pkt_pos?: string;
}

async function decodedFrames(path: string): Promise<FrameRow[]> {
  const out = await runFfprobeJson<{ frames: FrameRow[] }>([
    ...['-select_streams', 'v:0', '-show_entries', 'frame=key_frame,pict_type,pts,pkt_pos', path],
  ]);
  return out.frames;
}

/** From decoded frames only: a keyframe's GOP is open when an earlier-displayed frame lies after it. */
function openFromFrames(frames: FrameRow[], keyFrame: number): boolean {
  const keyPos = Number(frames[keyFrame]!.pkt_pos);
  return frames.slice(0, keyFrame).some((f) => Number(f.pkt_pos) > keyPos);
}

const cases = [
  { name: 'MXF XDCAM (MPEG-2 open GOP N=12)', master: () => xdcamMxfMaster(), gop: 12, open: true },
  { name: 'MP4 H.264 (closed GOP 100, B-frames)', master: () => h264Mp4Master(), gop: 100, open: false },
  { name: 'MOV ProRes (intra only)', master: () => proresMovMaster(), gop: 1, open: false },
  { name: 'TS H.264 open GOP 24', master: () => h264OpenGopTsMaster(), gop: 24, open: true },
];

describe('keyframe index vs ffprobe frames', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const path = await c.master();
      const info = await probeMedia(path);
      const [index, frames] = await Promise.all([buildKeyframeIndex(path, info), decodedFrames(path)]);

      expect(index.totalFrames).toBe(frames.length);
      expect(index.totalFrames).toBe(info.durationFrames);
      expect(index.timeBase).toEqual(info.video.timeBase);
      expect(index.frameRate).toEqual(info.video.frameRate);
      expect(index.firstPts).toBe(frames[0]!.pts);

      const keyFrames = frames.flatMap((f, i) => (f.key_frame === 1 ? [i] : []));
      expect(index.keyframes.map((k) => k.frame)).toEqual(keyFrames);
      for (const k of index.keyframes) {
        expect(frames[k.frame]!.pict_type).toBe('I');
        expect(k.pts).toBe(frames[k.frame]!.pts);
        expect(k.pos).toBe(Number(frames[k.frame]!.pkt_pos));
        expect(k.openGop, `keyframe ${k.frame}`).toBe(openFromFrames(frames, k.frame));
      }
      expect(maxGopLength(index)).toBe(c.gop);
      expect(index.keyframes[0]!.openGop).toBe(false);
      expect(index.keyframes.slice(1).every((k) => k.openGop === c.open)).toBe(true);
    });
  }

  it('reports progress as it reads', async () => {
    const path = await xdcamMxfMaster();
    const info = await probeMedia(path);
    const fractions: number[] = [];
    await buildKeyframeIndex(path, info, { onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
  });
});

/** pts of the key packets whose first slice is an IDR picture, from ffmpeg's trace_headers. */
async function idrKeyPts(path: string): Promise<{ key: number[]; idr: number[] }> {
  // trace_headers logs at trace level: tens of MB for a few seconds, more than run.ts keeps.
  const { stderr } = await promisify(execFile)(
    'ffmpeg',
    ['-v', 'trace', '-i', path, '-map', '0:v:0', '-c', 'copy', '-bsf:v', 'trace_headers', '-f', 'null', '-'],
    { maxBuffer: 1 << 30 },
  );
  const key: number[] = [];
  const idr: number[] = [];
  let current: { pts: number; key: boolean; sliceSeen: boolean } | null = null;
  for (const line of stderr.split('\n')) {
    if (!line.includes('[trace_headers')) continue;
    const packet = /Packet: \d+ bytes, (key frame, )?pts (-?\d+)/.exec(line);
    if (packet) {
      current = { pts: Number(packet[2]), key: Boolean(packet[1]), sliceSeen: false };
      if (current.key) key.push(current.pts);
      continue;
    }
    const nal = /nal_unit_type: (\d+)\(/.exec(line);
    if (!nal || !current || current.sliceSeen) continue;
    const type = Number(nal[1]);
    if (type === 1 || type === 5) {
      current.sliceSeen = true;
      if (type === 5 && current.key) idr.push(current.pts);
    }
  }
  return { key, idr };
}

describe('H.264 keyframes that are not IDR pictures', () => {
  it('are marked, as ffmpeg’s header trace reads them (x264 open GOP, scene cuts; closed GOP)', async () => {
    for (const make of [async () => (await x264OpenGopMp4()).path, () => h264Mp4Master()]) {
      const path = await make();
      const media = await probeMedia(path);
      const index = await buildKeyframeIndex(path, media);
      const trace = await idrKeyPts(path);
      expect(index.keyframes.map((k) => k.pts)).toEqual(trace.key);
      expect(index.keyframes.filter((k) => !k.nonIdr).map((k) => k.pts)).toEqual(trace.idr);
    }
    const open = await buildKeyframeIndex(
      (await x264OpenGopMp4()).path,
      await probeMedia((await x264OpenGopMp4()).path),
    );
    expect(open.keyframes.filter((k) => k.nonIdr).length).toBeGreaterThan(2);
  });
});
