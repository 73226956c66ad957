/**
 * Making and verifying a part of an audio item: the master's exact length is read (what a lossless
 * file or an M4A's edit list declares; an MP3's by decoding it, the LAME tag honoured), the part is
 * cut (commands.ts), then checked before it is marked ready: a lossless part decodes to the very
 * samples of the master's range (a hash of both), a lossy part decodes to exactly the planned number
 * of samples (MP3) or declares exactly that duration (AAC in M4A, which then decodes to it followed by
 * less than one AAC frame of padding), and a BWF part's time reference is the master's plus the in
 * point. A part that fails a check is never delivered (ClipVerificationError).
 */
import { createHash } from 'node:crypto';
import { runFfmpeg, runFfprobeJson } from '../../platform/ffmpeg/run.ts';
import { ClipVerificationError } from '../verify/make.ts';
import type { VerifyFailure } from '../verify/rules.ts';
import { cutArgs, declaredArgs, decodeArgs, decodedFormat, demuxerOf } from './commands.ts';
import type { AudioClipPlan } from './plan.ts';

/** AAC frames are 1024 samples: an M4A part decodes to its duration plus less than one frame. */
const AAC_FRAME = 1024;

export interface AudioMasterFile {
  path: string;
  demuxer: string;
  codec: string;
  sampleRate: number;
  durationMs: number;
}

interface Declared {
  samples: number | null;
  timeReference: bigint | null;
}

interface ProbeJson {
  streams?: { duration_ts?: number | string; time_base?: string; sample_rate?: string }[];
  format?: { tags?: { time_reference?: string } };
}

async function declared(path: string, demuxer: string, signal?: AbortSignal): Promise<Declared> {
  const json = await runFfprobeJson<ProbeJson>(declaredArgs(path, demuxer), { signal, timeoutMs: 60_000 });
  const stream = json.streams?.[0];
  const [num, den] = (stream?.time_base ?? '').split('/').map(Number);
  const rate = Number(stream?.sample_rate);
  const ts = Number(stream?.duration_ts);
  const samples = num && den && rate && Number.isFinite(ts) ? Math.round((ts * num * rate) / den) : null;
  const reference = json.format?.tags?.time_reference;
  return { samples, timeReference: reference && /^\d{1,20}$/.test(reference) ? BigInt(reference) : null };
}

/** Decodes to raw samples; their count (per channel) and MD5. */
async function decoded(
  args: string[],
  bytesPerFrame: number,
  signal?: AbortSignal,
): Promise<{ samples: number; md5: string }> {
  const hash = createHash('md5');
  let bytes = 0;
  await runFfmpeg(args, {
    signal,
    timeoutMs: 30 * 60 * 1000,
    onStdout: (chunk) => {
      bytes += chunk.length;
      hash.update(chunk);
    },
  });
  return { samples: bytes / bytesPerFrame, md5: hash.digest('hex') };
}

/** The master's length in decoded samples: declared, except an MP3's (its frames include priming). */
async function masterSamples(
  master: AudioMasterFile,
  channels: number,
  declaredSamples: number | null,
  signal?: AbortSignal,
): Promise<number> {
  if (master.codec !== 'mp3' && declaredSamples !== null) return declaredSamples;
  const args = decodeArgs({ path: master.path, demuxer: master.demuxer, format: 's32le' });
  return (await decoded(args, 4 * channels, signal)).samples;
}

export interface MadeAudioClip {
  /** Samples the part holds. */
  samples: number;
  notes: string[];
}

export async function makeAudioClip(options: {
  master: AudioMasterFile;
  channels: number;
  plan: AudioClipPlan;
  outputPath: string;
  signal?: AbortSignal;
}): Promise<MadeAudioClip> {
  const { master, plan, signal, outputPath } = options;
  const facts = await declared(master.path, master.demuxer, signal);
  // Only a part reaching the master's last second needs its exact end.
  const nearEnd = (plan.outSample * 1000) / master.sampleRate >= master.durationMs - 1000;
  const total = nearEnd
    ? await masterSamples(master, options.channels, facts.samples, signal)
    : Number.POSITIVE_INFINITY;
  const endSample = Math.min(plan.outSample, total);
  const expected = endSample - plan.inSample;
  if (expected <= 0) {
    throw new ClipVerificationError(
      [{ code: 'audio_samples', detail: `the master ends at ${total}` }],
      false,
    );
  }
  await runFfmpeg(
    cutArgs({
      master: master.path,
      demuxer: master.demuxer,
      plan,
      endSample,
      timeReference: facts.timeReference,
      output: outputPath,
    }),
    { signal, timeoutMs: 30 * 60 * 1000 },
  );

  const failures: VerifyFailure[] = [];
  const notes: string[] = [];
  const demuxer = demuxerOf(plan.output.container);
  const format = plan.output.lossless ? decodedFormat(master.codec) : 's32le';
  const width = (format === 'f64le' ? 8 : 4) * options.channels;
  const part = await decoded(decodeArgs({ path: outputPath, demuxer, format }), width, signal);
  const partFacts = await declared(outputPath, demuxer, signal);
  if (plan.output.lossless) {
    const range = { inSample: plan.inSample, endSample };
    const source = await decoded(
      decodeArgs({ path: master.path, demuxer: master.demuxer, format, range }),
      width,
      signal,
    );
    if (part.samples !== expected || source.samples !== expected) {
      failures.push({ code: 'audio_samples', detail: `${part.samples} samples, ${expected} planned` });
    } else if (part.md5 !== source.md5) {
      failures.push({ code: 'copied_packets', detail: 'the samples differ from the master’s' });
    } else {
      notes.push(`verified: ${expected} samples, bit-exact against the master (MD5 ${part.md5})`);
    }
  } else if (plan.output.container === 'mp3') {
    if (part.samples !== expected) {
      failures.push({
        code: 'audio_samples',
        detail: `${part.samples} decoded samples, ${expected} planned`,
      });
    } else {
      notes.push(`verified: decodes to ${expected} samples (encoder delay and padding in the LAME tag)`);
    }
  } else {
    if (partFacts.samples !== expected) {
      failures.push({
        code: 'declared_duration',
        detail: `declares ${partFacts.samples} samples, ${expected} planned`,
      });
    } else if (part.samples < expected || part.samples >= expected + AAC_FRAME) {
      failures.push({
        code: 'audio_samples',
        detail: `${part.samples} decoded samples, ${expected} planned`,
      });
    } else {
      notes.push(`verified: declares ${expected} samples (edit list: priming skipped, padding cut)`);
    }
  }
  if (plan.output.container === 'wav' && facts.timeReference !== null) {
    const want = facts.timeReference + BigInt(plan.inSample);
    if (partFacts.timeReference !== want) {
      failures.push({
        code: 'declared_duration',
        detail: `BWF time reference ${partFacts.timeReference}, ${want} planned`,
      });
    } else {
      notes.push(`BWF time reference ${want} (the master’s plus the in point)`);
    }
  }
  if (failures.length > 0) throw new ClipVerificationError(failures, false);
  return { samples: expected, notes };
}
