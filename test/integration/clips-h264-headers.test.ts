import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gopPictures, readAccessUnits, readFeed, toAnnexB } from '../../src/clips/execute/h264-feed.ts';
import { nalUnits } from '../../src/lib/h264/bits.ts';
import { parsePps, parseSliceHeader, parseSps, type SliceHeader } from '../../src/lib/h264/headers.ts';
import { readMp4VideoSamples } from '../../src/lib/isobmff/samples.ts';
import { h264Mp4Master } from '../support/masters.ts';

const FIELDS = [
  'frame_num',
  'pic_order_cnt_lsb',
  'abs_diff_pic_num_minus1',
  'memory_management_control_operation',
  'difference_of_pic_nums_minus1',
] as const;
type Fields = Record<(typeof FIELDS)[number], number[]>;

/** The slice header fields ffmpeg's own bitstream reader (trace_headers) finds in a stream. */
async function ffmpegFields(stream: Buffer): Promise<{ fields: Fields; errors: string }> {
  const file = join(tmpdir(), `headers-${process.pid}.h264`);
  await writeFile(file, stream);
  const trace = (level: string) =>
    promisify(execFile)(
      'ffmpeg',
      [
        '-hide_banner',
        '-v',
        level,
        '-f',
        'h264',
        '-i',
        file,
        '-c',
        'copy',
        '-bsf:v',
        'trace_headers',
        '-f',
        'null',
        '-',
      ],
      { maxBuffer: 256 << 20 },
    );
  try {
    const { stderr } = await trace('trace');
    const fields = Object.fromEntries(FIELDS.map((name) => [name, [] as number[]])) as Fields;
    for (const match of stderr.matchAll(/\[trace_headers @ \w+\] \d+\s+(\w+)\s+[01]+ = (-?\d+)$/gm)) {
      const name = match[1] as (typeof FIELDS)[number];
      if (name in fields) fields[name].push(Number(match[2]));
    }
    return { fields, errors: (await trace('error')).stderr };
  } finally {
    await rm(file, { force: true });
  }
}

function ourFields(headers: SliceHeader[]): Fields {
  return {
    frame_num: headers.map((h) => h.frameNum),
    pic_order_cnt_lsb: headers.map((h) => h.picOrderCntLsb),
    abs_diff_pic_num_minus1: headers.flatMap((h) => h.modifications.flat().map((m) => m.value)),
    memory_management_control_operation: headers.flatMap((h) =>
      h.mmcos ? [...h.mmcos.map((m) => m.op), 0] : [],
    ),
    difference_of_pic_nums_minus1: headers.flatMap((h) =>
      (h.mmcos ?? []).flatMap((m) => m.differenceOfPicNumsMinus1 ?? []),
    ),
  };
}

describe('H.264 slice headers', () => {
  it('reads what ffmpeg reads in an x264 GOP with a B-pyramid, and writes skipped pictures it accepts', async () => {
    const path = await h264Mp4Master();
    const samples = (await readMp4VideoSamples(path))!;
    const { avcC } = samples;
    const gop = gopPictures(samples, 0)!;
    const units = await readAccessUnits(path, samples, 0, gop.end);
    const sps = parseSps(avcC.sps[0]!);
    const pps = parsePps(avcC.pps[0]!);
    const headers = units.flatMap((unit) =>
      nalUnits(unit, avcC.nalLengthSize)
        .filter((nal) => [1, 5].includes(nal[0]! & 0x1f))
        .map((nal) => parseSliceHeader(nal, sps, pps)),
    );
    expect(headers.some((h) => h.mmcos !== null)).toBe(true);
    expect(headers.some((h) => h.modifications[0].length > 0)).toBe(true);
    const parameterSets = [...avcC.sps, ...avcC.pps].map((set) =>
      Buffer.concat([Buffer.from([0, 0, 0, 1]), set]),
    );
    const stream = Buffer.concat([
      ...parameterSets,
      ...units.map((unit) => toAnnexB(unit, avcC.nalLengthSize)),
    ]);
    expect((await ffmpegFields(stream)).fields).toEqual(ourFields(headers));

    // A head fed from this GOP: ffmpeg reads the skipped pictures' PPS and slices without a complaint.
    const feed = (await readFeed(path, samples, 0, 37, 60))!;
    expect(feed.skipped).toBeGreaterThan(0);
    const { fields, errors } = await ffmpegFields(Buffer.concat(feed.chunks));
    expect(errors).toBe('');
    expect(fields.frame_num.length).toBeGreaterThan(feed.leading);
  });
});
