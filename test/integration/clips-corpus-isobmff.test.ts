/**
 * ISO-BMFF conformance corpus (issue 17): every MP4/MOV class of test/support/corpus-isobmff.ts cut
 * through the engine's public planClip/executeClip at every cut kind, each clip checked by
 * clip-conformance.ts (ffprobe, ffmpeg decoders and framemd5, mediainfo). A clip the planner refuses
 * at request time passes (refusing is allowed; a wrong clip is not). Prints exact/total per class.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeClip } from '../../src/clips/execute/smartcut.ts';
import { ClipPlanError, planClip } from '../../src/clips/plan/plan.ts';
import { makeVerifiedClip } from '../../src/clips/verify/make.ts';
import { safePlan } from '../../src/clips/verify/safe-plan.ts';
import {
  boxBytes,
  childBoxes,
  findBox,
  handlerType,
  payloadStart,
  traks,
} from '../../src/lib/isobmff/boxes.ts';
import { buildKeyframeIndex } from '../../src/media/keyframe-index.ts';
import { probeMedia } from '../../src/media/probe.ts';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';
import { countFrames, decodeErrors, mediainfoTracks } from '../support/clip-checks.ts';
import { clipConformance, masterFacts } from '../support/clip-conformance.ts';
import {
  CORPUS_ISOBMFF,
  type CorpusMaster,
  type CutKind,
  cutPoints,
  mp4FromTs,
  nonX264Mp4,
  rawRemuxMp4,
  x264CavlcMp4,
  x264MbaffMov,
  x264OpenGopMp4,
} from '../support/corpus-isobmff.ts';
import { jobVerification } from '../support/job-verification.ts';
import { testResidentEncoder } from '../support/resident-encoder.ts';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let dir: string;
const tally = new Map<string, { exact: number; refused: number; total: number }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corpus-isobmff-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const [name, t] of tally) console.log(`${name}: ${t.exact}/${t.total} exact (${t.refused} refused)`);
});

const KINDS: CutKind[] = [
  'mid-gop',
  'on-keyframe',
  'after-keyframe',
  'one-frame',
  'inside-gop',
  'to-last',
  'whole',
];

/** A corpus master probed and indexed as at ingest, its cut points, and what the job verifies with. */
async function loadMaster(make: () => Promise<CorpusMaster>) {
  const master = await make();
  const media = await probeMedia(master.path);
  const index = await buildKeyframeIndex(master.path, media);
  const points = cutPoints(
    index.totalFrames,
    index.keyframes.map((k) => k.frame),
  );
  return { master, media, index, points, job: { path: master.path, media, index } };
}

for (const make of CORPUS_ISOBMFF) {
  describe(make.name, () => {
    let loaded: Awaited<ReturnType<typeof load>>;
    async function load() {
      const loaded = await loadMaster(make);
      const { master, media } = loaded;
      const pixFmt = media.video.pixFmt?.includes('10') ? 'yuv422p10le' : (media.video.pixFmt ?? 'yuv420p');
      const facts = await masterFacts(
        master.path,
        pixFmt,
        media.audio.map((a) => a.codec),
      );
      return { ...loaded, facts };
    }
    beforeAll(async () => {
      loaded = await load();
    });

    it('cuts at every kind of point: exact clips, or refused before any work', async () => {
      const { master, media, index, points, job, facts } = loaded;
      const results: string[] = [];
      const entry = { exact: 0, refused: 0, total: 0 };
      let windowed = 0;
      tally.set(master.name, entry);
      for (const kind of KINDS) {
        const [inFrame, outFrame] = points[kind];
        entry.total++;
        let plan: ReturnType<typeof planClip>;
        try {
          plan = planClip({ index, media, inFrame, outFrame, profile: 'broadcast' });
        } catch (error) {
          // A refusal at request time (the plan's single "supported" rule) is allowed.
          if (!(error instanceof ClipPlanError) || !/UNSUPPORTED/.test(error.code)) throw error;
          entry.refused++;
          entry.exact++;
          continue;
        }
        const outputPath = join(dir, `${make.name.replace(/\W+/g, '-')}-${kind}.${plan.container}`);
        await executeClip({ masterPath: master.path, media, plan, outputPath });
        const failures = await clipConformance(outputPath, plan, facts);
        const verified = await jobVerification(outputPath, job, plan);
        failures.push(...verified.failures);
        if (verified.windowed) windowed++;
        if (failures.length === 0) entry.exact++;
        else results.push(`${kind} [${inFrame}, ${outFrame}) ${plan.method}: ${failures.join('; ')}`);
      }
      console.log(`${master.name}: ${windowed} clips verified by their seams, the others by a whole decode`);
      if (results.length > 0) console.log(`${master.name}:\n${results.join('\n')}`);
      expect(results).toEqual([]);
    });
  });
}

describe('a web-profile clip to the last frame of a master whose sound ends first', () => {
  it('holds no sound past the master’s, made whole as a remake makes it', async () => {
    // AAC ending 144 samples before its last picture.
    const { master, media, index, job } = await loadMaster(nonX264Mp4);
    const plan = planClip({ index, media, inFrame: 15, outFrame: index.totalFrames, profile: 'web' });
    // The safe path: re-encoded whole, verified by one decode that counts the sound's samples.
    const remake = safePlan(plan)!;
    const outputPath = join(dir, 'web-to-last.mp4');
    await executeClip({ masterPath: master.path, media, plan: remake, outputPath });
    const verified = await jobVerification(outputPath, job, remake);
    expect([verified.windowed, ...verified.failures]).toEqual([false]);
  });
});

describe('web-profile clips of MP4/MOV masters', () => {
  it('are joined at the sample level, as the broadcast ones, and right first time', async () => {
    // Before: the x264 CAVLC master's copy started its picture 0.14 s after its sound, and the MP4
    // remuxed from TS came out with timestamps going back (ffmpeg's concat join): both remade.
    for (const [make, kind] of [
      [x264CavlcMp4, 'on-keyframe'],
      [mp4FromTs, 'mid-gop'],
    ] as const) {
      const { master, media, index, points, job } = await loadMaster(make);
      const [inFrame, outFrame] = points[kind];
      const plan = planClip({ index, media, inFrame, outFrame, profile: 'web' });
      const outputPath = join(dir, `web-${kind}.mp4`);
      const made = await executeClip({ masterPath: master.path, media, plan, outputPath });
      expect(made.notes.join('; ')).toMatch(/joined at the sample level/);
      const verified = await jobVerification(outputPath, job, plan);
      expect([master.name, ...verified.failures]).toEqual([master.name]);
    }
  });
});

describe('clips of an x264 MBAFF MOV master, both profiles', () => {
  it('declare the frames they decode, keep their scan (web: progressive) and pass the verification', async () => {
    // The outside engineer's web clip of such a master declared 17 frames where 19 decoded.
    const { master, media, index, points, job } = await loadMaster(x264MbaffMov);
    expect(media.video.scan).toBe('interlaced');
    const results: string[] = [];
    for (const profile of ['broadcast', 'web'] as const) {
      for (const kind of KINDS) {
        const [inFrame, outFrame] = points[kind];
        const plan = planClip({ index, media, inFrame, outFrame, profile });
        const outputPath = join(dir, `mbaff-${profile}-${kind}.${plan.container}`);
        await executeClip({ masterPath: master.path, media, plan, outputPath });
        const [decoded, errors, tracks, verified] = await Promise.all([
          countFrames(outputPath),
          decodeErrors(outputPath),
          mediainfoTracks(outputPath),
          jobVerification(outputPath, job, plan),
        ]);
        const videoTrack = tracks.find((t) => t['@type'] === 'Video');
        const declared = Number(videoTrack?.FrameCount);
        // The broadcast clip keeps the master's fields; the web clip is progressive, every cut kind.
        const scan = profile === 'web' ? 'Progressive' : 'MBAFF';
        const found = [
          decoded === plan.frameCount ? '' : `decoded ${decoded} frames for ${plan.frameCount}`,
          declared === decoded ? '' : `mediainfo counts ${declared} frames where ${decoded} decode`,
          videoTrack?.ScanType === scan ? '' : `scan ${videoTrack?.ScanType} for ${scan}`,
          errors ? `decode errors: ${errors.split('\n')[0]}` : '',
          ...verified.failures,
        ].filter(Boolean);
        if (found.length > 0)
          results.push(`${profile} ${kind} [${inFrame}, ${outFrame}): ${found.join('; ')}`);
      }
    }
    expect(results).toEqual([]);
  });
});

describe('clips of an MP4 master muxed from a raw stream (uneven frame durations, 1/1200000)', () => {
  it('are delivered exact by the job, remade where the ffmpeg join goes wrong', async () => {
    const { master, media, index, points } = await loadMaster(rawRemuxMp4);
    const facts = await masterFacts(
      master.path,
      'yuv420p',
      media.audio.map((a) => a.codec),
    );
    const residentEncoder = testResidentEncoder();
    const results: string[] = [];
    try {
      for (const kind of ['mid-gop', 'on-keyframe', 'to-last'] as const) {
        const [inFrame, outFrame] = points[kind];
        const plan = planClip({ index, media, inFrame, outFrame, profile: 'broadcast' });
        const outputPath = join(dir, `raw-remux-${kind}.mp4`);
        const made = await makeVerifiedClip({
          masterPath: master.path,
          media,
          plan,
          index,
          outputPath,
          residentEncoder,
        });
        const failures = await clipConformance(outputPath, made.plan, facts);
        if (failures.length > 0) results.push(`${kind} (remade: ${made.remade}): ${failures.join('; ')}`);
      }
    } finally {
      await residentEncoder?.close();
    }
    expect(results).toEqual([]);
  });
});

describe('the job’s verification against what ffmpeg’s join wrote', () => {
  it('fails sound declared past the picture and a picture behind an empty edit', async () => {
    // The ffmpeg concat join (the fallback for MP4/MOV masters the sample-level join refuses)
    // declared copied AAC frames whole, 8 ms past the picture, and put a picture 21 ms behind the
    // sound: the independent checks failed those clips, the job's passed them. A clip joined at the
    // sample level, then given each fault.
    const { master, media, index, points, job } = await loadMaster(x264OpenGopMp4);
    const [inFrame, outFrame] = points['mid-gop'];
    const plan = planClip({ index, media, inFrame, outFrame, profile: 'broadcast' });
    const clip = join(dir, 'ffmpeg-join-clip.mp4');
    await executeClip({ masterPath: master.path, media, plan, outputPath: clip });
    const check = async (path: string) => (await jobVerification(path, job, plan)).failures.join('; ');
    expect(await check(clip)).toBe('');
    // The sound's edit 8 ms longer (the movie counts milliseconds): its whole last frame declared.
    const longer = join(dir, 'ffmpeg-join-longer.mp4');
    const bytes = await readFile(clip);
    const moov = boxBytes(bytes, childBoxes(bytes).find((b) => b.type === 'moov')!);
    const sound = traks(moov).find((t) => handlerType(moov, t) === 'soun')!;
    const elst = findBox(moov, ['edts', 'elst'], sound)!;
    const entry = payloadStart(elst) + 8; // version 0: the segment's duration, then its media time
    moov.writeUInt32BE(moov.readUInt32BE(entry) + 8, entry);
    await writeFile(longer, bytes);
    expect(await check(longer)).toMatch(
      /declared_duration: audio 0 declares [\d.]+ s for \d+ samples planned/,
    );
    const tail = ['-c', 'copy', '-timecode', plan.startTimecode, '-f', 'mp4'];
    const late = join(dir, 'ffmpeg-join-late.mp4');
    await runFfmpeg([
      ...['-v', 'error', '-y', '-itsoffset', '0.021', '-i', clip, '-i', clip],
      ...['-map', '0:v', '-map', '1:a', ...tail, late],
    ]);
    expect(await check(late)).toMatch(/the picture starts at 0\.02\d* s, after an empty edit/);
  });
});
