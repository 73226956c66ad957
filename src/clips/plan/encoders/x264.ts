/**
 * Matched H.264 settings for the re-encoded head and tail of a smart cut (pure).
 *
 * The copied stretch keeps the master's SPS/PPS (the MP4 sample description); the re-encoded frames
 * must be decodable with those same parameter sets (docs/smart-cut.md, trap 1). When the master
 * was made by x264, its settings string (SEI) is turned back into x264 parameters so that x264
 * writes the same SPS/PPS; the executor then checks the bytes and, when they still differ, carries
 * parameter sets in-band and declares it (avc3).
 */
import type { VideoStreamInfo } from '../../../media/public.ts';

export type X264Options = Map<string, string>;

/** Splits "cabac=1 ref=3 deblock=1:0:0 …" into a map. */
export function parseX264Options(text: string): X264Options {
  const options = new Map<string, string>();
  for (const token of text.trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) options.set(token.slice(0, eq), token.slice(eq + 1));
  }
  return options;
}

/** Printed name -> x264_param_parse name, for options that map one to one. */
const DIRECT: Record<string, string> = {
  cabac: 'cabac',
  ref: 'ref',
  me: 'me',
  subme: 'subme',
  psy: 'psy',
  psy_rd: 'psy-rd',
  mixed_ref: 'mixed-refs',
  me_range: 'merange',
  chroma_me: 'chroma-me',
  trellis: 'trellis',
  '8x8dct': '8x8dct',
  fast_pskip: 'fast-pskip',
  sliced_threads: 'sliced-threads',
  slices: 'slices',
  nr: 'nr',
  decimate: 'dct-decimate',
  bluray_compat: 'bluray-compat',
  constrained_intra: 'constrained-intra',
  bframes: 'bframes',
  b_pyramid: 'b-pyramid',
  b_adapt: 'b-adapt',
  b_bias: 'b-bias',
  weightb: 'weightb',
  open_gop: 'open-gop',
  weightp: 'weightp',
  keyint: 'keyint',
  keyint_min: 'min-keyint',
  scenecut: 'scenecut',
  intra_refresh: 'intra-refresh',
  rc_lookahead: 'rc-lookahead',
  mbtree: 'mbtree',
  crf: 'crf',
  qp: 'qp',
  bitrate: 'bitrate',
  ratetol: 'ratetol',
  qcomp: 'qcomp',
  qpmin: 'qpmin',
  qpmax: 'qpmax',
  qpstep: 'qpstep',
  cplxblur: 'cplxblur',
  qblur: 'qblur',
  vbv_maxrate: 'vbv-maxrate',
  vbv_bufsize: 'vbv-bufsize',
  crf_max: 'crf-max',
  nal_hrd: 'nal-hrd',
  filler: 'filler',
  ip_ratio: 'ipratio',
  pb_ratio: 'pbratio',
  stitchable: 'stitchable',
  fake_interlaced: 'fake-interlaced',
};

/** x264's direct prediction modes, by the number it prints. */
const DIRECT_MODES = ['none', 'spatial', 'temporal', 'auto'];

const PARTITIONS: [number, string][] = [
  [0x1, 'i4x4'],
  [0x2, 'i8x8'],
  [0x10, 'p8x8'],
  [0x20, 'p4x4'],
  [0x100, 'b8x8'],
];

function num(value: string | undefined, fallback = 0): number {
  const n = Number.parseFloat(value ?? '');
  return Number.isFinite(n) ? n : fallback;
}

/**
 * x264 prints the chroma QP offset after its own adjustments (psy-rd and psy-trellis lower it, 4:4:4
 * raises it); undo them so that x264 arrives at the same value again.
 */
export function requestedChromaQpOffset(options: X264Options, chroma444 = false): number {
  let offset = num(options.get('chroma_qp_offset'));
  const psy = options.get('psy') !== '0';
  const [psyRd, psyTrellis] = (options.get('psy_rd') ?? '0:0').split(':').map((v) => num(v));
  if (chroma444 && psy) offset -= 6;
  if (psy && num(options.get('subme')) >= 6 && (psyRd ?? 0) > 0) offset += (psyRd ?? 0) < 0.25 ? 1 : 2;
  if (psy && num(options.get('trellis')) > 0 && Math.round(((psyTrellis ?? 0) / 4) * 256) > 0) {
    offset += (psyTrellis ?? 0) < 0.25 ? 1 : 2;
  }
  return offset;
}

/** The `-x264-params` value that reproduces a printed x264 settings string. */
export function x264ParamsFromOptions(options: X264Options, chroma444 = false): string {
  const params: string[] = [];
  const rc = options.get('rc');
  for (const [name, value] of options) {
    const target = DIRECT[name];
    if (!target) continue;
    if (rc === 'crf' && (name === 'bitrate' || name === 'qp')) continue;
    if (rc === 'cqp' && (name === 'bitrate' || name === 'crf')) continue;
    if ((rc === 'abr' || rc === 'cbr') && (name === 'crf' || name === 'qp')) continue;
    params.push(`${target}=${value.replace(/:/g, ',')}`);
  }
  const deblock = options.get('deblock');
  if (deblock) {
    const [enabled, alpha, beta] = deblock.split(':');
    params.push(enabled === '0' ? 'no-deblock=1' : `deblock=${alpha ?? 0},${beta ?? 0}`);
  }
  const analyse = options.get('analyse');
  if (analyse) {
    const inter = Number.parseInt(analyse.split(':')[1] ?? '0', 16);
    const list = PARTITIONS.filter(([bit]) => inter & bit).map(([, name]) => name);
    params.push(`partitions=${list.length ? list.join(',') : 'none'}`);
  }
  const deadzone = options.get('deadzone');
  if (deadzone) {
    const [inter, intra] = deadzone.split(',');
    params.push(`deadzone-inter=${inter}`, `deadzone-intra=${intra}`);
  }
  const aq = options.get('aq');
  if (aq) {
    const [mode, strength] = aq.split(':');
    params.push(`aq-mode=${mode}`);
    if (strength) params.push(`aq-strength=${strength}`);
  }
  // Printed as a number; x264_param_parse takes only its name (it warns and ignores a number).
  const direct = DIRECT_MODES[Number(options.get('direct'))];
  if (direct) params.push(`direct=${direct}`);
  const cqm = options.get('cqm');
  if (cqm === '1') params.push('cqm=jvt');
  const interlaced = options.get('interlaced');
  if (interlaced === 'tff') params.push('tff=1');
  else if (interlaced === 'bff') params.push('bff=1');
  params.push(`chroma-qp-offset=${requestedChromaQpOffset(options, chroma444)}`);
  return params.join(':');
}

/** ffprobe level 42 -> "4.2"; 9 (1b) stays numeric. */
export function levelString(level: number | null): string | null {
  if (level === null || level <= 0) return null;
  return level >= 10 ? `${Math.floor(level / 10)}.${level % 10}` : String(level);
}

const PROFILES: Record<string, string> = {
  Baseline: 'baseline',
  'Constrained Baseline': 'baseline',
  Main: 'main',
  High: 'high',
  'High 10': 'high10',
  'High 4:2:2': 'high422',
  'High 4:4:4 Predictive': 'high444',
};

function colourArgs(video: VideoStreamInfo): string[] {
  const args: string[] = [];
  if (video.colorPrimaries) args.push('-color_primaries', video.colorPrimaries);
  if (video.colorTransfer) args.push('-color_trc', video.colorTransfer);
  if (video.colorSpace) args.push('-colorspace', video.colorSpace);
  if (video.colorRange) args.push('-color_range', video.colorRange);
  return args;
}

/**
 * Encoder arguments (after the filters, before the output) for a head or tail matching the master.
 * With an x264 settings string the parameters are reproduced; without one they are derived from
 * the stream facts (profile, level, bitrate, GOP, B-frames, interlacing, colour).
 */
/**
 * Analysis settings that cost time but never reach the SPS/PPS: a head or tail of at most one GOP
 * at the master's bitrate does not need them. Header-relevant settings (profile, level, refs,
 * B-frames and pyramid, weighted prediction flags, 8x8 transform, CABAC, chroma QP offset, rate
 * control method, VBV/HRD, GOP length, interlacing) are left as the master has them.
 */
export function fastAnalysis(options: X264Options): X264Options {
  const fast = new Map(options);
  const subme = num(options.get('subme'), 7);
  fast.set('me', 'dia');
  fast.set('subme', String(Math.min(subme, 1)));
  // Psycho-visual tuning and adaptive quantisation cost time and, at the master's bitrate over at
  // most a GOP, buy nothing measurable (PSNR rose 47.6 -> 49 dB without them on the bench master).
  // The chroma QP offset is requested as printed: with psy off x264 no longer adjusts it.
  fast.set('psy', '0');
  fast.set('aq', '0');
  fast.set('trellis', '0');
  fast.set('mixed_ref', '0');
  fast.set('rc_lookahead', '0');
  fast.set('mbtree', '0');
  fast.set('b_adapt', '0');
  fast.set('analyse', '0x3:0x3');
  if (num(options.get('weightp')) > 0) fast.set('weightp', '1');
  // Without mb-tree and lookahead, B-frames would fall ~1 dB below the master's look: bias less.
  fast.set('pb_ratio', '1.10');
  return fast;
}

export type X264Effort = 'matched' | 'fast';

/** Quantiser steps below a CRF master's CRF that its re-encoded parts may not exceed. */
const CRF_QP_MARGIN = 3;

export function x264EncoderArgs(
  video: VideoStreamInfo,
  x264Options: string | null,
  threads = 0,
  effort: X264Effort = 'fast',
  /** Parameter set id for a master not made by x264 (its sets then sit beside the master's). */
  spsId?: number,
): string[] {
  const args = ['-c:v', 'libx264', '-threads', String(threads)];
  const profile = video.profile ? PROFILES[video.profile] : undefined;
  if (profile) args.push('-profile:v', profile);
  const level = levelString(video.level);
  if (level) args.push('-level:v', level);
  if (video.pixFmt) args.push('-pix_fmt', video.pixFmt);
  args.push(...colourArgs(video));
  if (x264Options) {
    const parsed = parseX264Options(x264Options);
    const options = new Map(effort === 'fast' ? fastAnalysis(parsed) : parsed);
    // A second generation at the master's own CRF falls short of its pictures on detailed, noisy
    // ones (39.5 dB against the source frames of the corpus' noisy scene at CRF 18; 44.6 with
    // qpmax 17). The CRF itself cannot move (x264 derives the PPS's pic_init_qp from it): the
    // quantiser is capped a few steps below it instead, which no header records.
    const crf = Number(options.get('crf'));
    if (options.get('rc') === 'crf' && Number.isFinite(crf)) {
      const qpmin = Number(options.get('qpmin') ?? 0);
      options.set('qpmax', String(Math.max(qpmin, Math.floor(crf) - CRF_QP_MARGIN)));
    }
    const chroma444 = (video.pixFmt ?? '').startsWith('yuv444');
    args.push('-x264-params', x264ParamsFromOptions(options, chroma444));
    return args;
  }
  // Quality-targeted, capped at the master's bitrate: a head or tail of a few frames under plain
  // ABR starts from a poor first guess (a lone I-frame came out at 37 dB). CRF 16 gave 42-44 dB
  // against the source frames of the corpus' non-x264 master (CRF 18); 10 gives 47-48 dB.
  args.push('-crf', '10');
  if (video.bitrate) {
    args.push('-maxrate', String(video.bitrate), '-bufsize', String(video.bitrate * 2));
  }
  args.push('-bf', video.hasBFrames ? '3' : '0', '-g', String(video.gopSize ?? 100));
  if (video.scan === 'interlaced')
    args.push('-flags', '+ildct+ilme', '-top', video.fieldOrder === 'bff' ? '0' : '1');
  args.push('-preset', 'veryfast');
  if (spsId !== undefined) args.push('-x264-params', `sps-id=${spsId}`);
  return args;
}

/** Web-profile H.264: 8-bit 4:2:0 High, close to the master's look, fast enough for a job. */
export function webEncoderArgs(video: VideoStreamInfo, threads = 0): string[] {
  const args = ['-c:v', 'libx264', '-threads', String(threads), '-preset', 'veryfast', '-crf', '18'];
  args.push('-profile:v', 'high', '-pix_fmt', 'yuv420p', '-maxrate', '20M', '-bufsize', '40M');
  args.push(...colourArgs(video));
  return args;
}
