/**
 * The master's side of a clip's verification (I/O: ffmpeg and ffprobe, argument arrays, jobs of the
 * resident encoder, the master's sample table): its frames around each planned edge, its samples or
 * packets for the clip's copied middle, and its declared audio length. None depends on the clip,
 * only on the plan and the master, so the clip job starts them with the cut (make.ts) and they run
 * while the clip is being made; verifyClip starts them itself when nobody did.
 * Every process stops with `dispose()` (the caller's signal stops them too), which also removes the
 * work directory; a failed cut therefore leaves nothing running and nothing on disk.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { KeyframeIndex, MediaInfo } from '../../media/public.ts';
import type { ResidentEncoder } from '../../platform/ffmpeg/resident-encoder.ts';
import { masterAudioSamples } from '../execute/master-audio.ts';
import type { MasterCache } from '../execute/master-cache.ts';
import type { EdgeReferenceRequest } from '../execute/types.ts';
import { masterFormatArgs, seekArgs } from '../plan/commands.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { fedMasterPictures } from './fed-reference.ts';
import { type MasterMiddleSamples, masterMiddleSamples } from './middle-samples.ts';
import { masterPictures } from './probe.ts';
import { rawPictures, residentReferenceFormat } from './resident-reference.ts';
import { edgesOf, type Picture } from './rules.ts';
import { type Run, runListing } from './window-decode.ts';
import { type DecodeWindows, decodeWindows, MAX_LEADING } from './windows.ts';

export interface MasterSideOptions {
  /** The clip's path (the work directory is made beside it; the clip need not exist yet). */
  clipPath: string;
  masterPath: string;
  media: MediaInfo;
  plan: ClipPlan;
  index: KeyframeIndex;
  signal?: AbortSignal;
  /** Decode the whole clip even where its seams would do: no master packets are listed. */
  wholeDecode?: boolean;
  masterCache?: MasterCache;
  /**
   * The clip worker's resident encoder: the master's frames around each edge are decoded by it when
   * it can (resident-reference.ts), by ffmpeg processes otherwise.
   */
  residentEncoder?: ResidentEncoder | null;
  /**
   * The cut that makes the clip runs beside (make.ts): the master's frames around a re-encoded
   * H.264 edge are asked of it (`edgeReferences`), from the decode that encodes that edge, and
   * decoded here only when it declines.
   */
  fromCut?: boolean;
}

export interface MasterSide {
  /** Where the clip is decoded (null: whole). */
  windows: DecodeWindows | null;
  /** The master's frames around each edge of edgesOf(plan), in its order. */
  pictures: Promise<Map<number, Picture>[]>;
  /**
   * The master's packets from the copied middle's first keyframe (null when not windowed): its
   * samples when master and clip are MP4/MOV (middle-samples.ts), else ffmpeg's listing of them.
   */
  middle: Promise<MasterMiddle> | null;
  /** masterAudioSamples(): what the master declares, when the clip runs to its last frame. */
  samples: Promise<(number | null)[]>;
  /** What to ask of the cut (ExecuteClipOptions.edgeReferences); empty without `fromCut`. */
  edgeReferences: EdgeReferenceRequest[];
  /** Stops what still runs and removes the work directory. */
  dispose(): Promise<void>;
}

export type MasterMiddle = { listing: Run } | { samples: MasterMiddleSamples };

const MARK = '.master.parts-';

const SAMPLE_TABLES = new Set(['mp4', 'mov']);

/** Starts the master's side of verifying `plan`'s clip; see the file's header. */
export async function startMasterSide(options: MasterSideOptions): Promise<MasterSide> {
  const { plan, index, media } = options;
  const dir = dirname(options.clipPath);
  const of = basename(options.clipPath);
  // An earlier attempt of this clip killed in another process may have left its directory.
  const stale = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(`.${of}${MARK}`));
  await Promise.all(stale.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  const workDir = join(dir, `.${of}${MARK}${randomBytes(4).toString('hex')}`);
  await mkdir(workDir, { recursive: true });
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const master = { ...options, masterFormat: media.container, workDir };
  const windows = options.wholeDecode ? null : decodeWindows(plan, index, media.containerFamily);
  const edgeReferences: EdgeReferenceRequest[] = [];
  const pictures = Promise.all(
    edgesOf(plan).map(async (edge) => {
      // A copied frame is compared bit for bit: its neighbours are not needed.
      const range: [number, number] = edge.copied
        ? [edge.frame, edge.frame + 1]
        : [Math.max(0, edge.frame - 1), Math.min(index.totalFrames, edge.frame + 2)];
      const name = `master-${edge.edge}`;
      // A re-encoded H.264 edge: its frames from the cut's own decode when it can give them.
      const asked = !edge.copied && options.fromCut ? askCut(master, edge.edge, range, edgeReferences) : null;
      if (asked && (await asked.written)) {
        if (signal.aborted) throw new Error('aborted');
        const data = await readFile(asked.request.output).catch(() => null);
        const cut = data && rawPictures(data, range[0], range[1] - range[0], media.video.pixFmt, media.video);
        if (cut) return cut;
      }
      // A re-encoded H.264 edge: its frames as the executor decoded them (only what they need).
      const fed = edge.copied ? null : await fedMasterPictures(master, edge.edge, range, name, signal);
      return fed ?? masterPictures(master, range, name, signal);
    }),
  );
  // Enough master packets for the clip's middle: the frames shown from its keyframe on, and the
  // leading pictures decoded after it but shown before (compared up to the clip's count).
  const listMiddle = async (windows: DecodeWindows): Promise<MasterMiddle> => {
    const count = plan.frameCount - windows.middleFrom + MAX_LEADING + (windows.middleDropLeading ?? 0);
    // Where that keyframe is, as the index (ffprobe at ingest) has it.
    const pos = index.keyframes.find((k) => k.pts === windows.middleMasterPts)?.pos ?? null;
    const samples =
      pos !== null && SAMPLE_TABLES.has(media.containerFamily) && SAMPLE_TABLES.has(plan.container)
        ? await masterMiddleSamples(options.masterPath, pos, count, options.masterCache)
        : null;
    if (samples) return { samples };
    const listing = await runListing(
      [
        ...['-v', 'error', ...seekArgs(plan, windows.middleMasterPts)],
        ...masterFormatArgs(media.container),
        ...['-i', options.masterPath, '-map', `0:${plan.videoStreamIndex}`, '-c:v', 'copy'],
        ...['-frames:v', String(count)],
      ],
      join(workDir, 'master-middle.crc'),
      signal,
    );
    return { listing };
  };
  const middle = windows ? listMiddle(windows) : null;
  const samples = masterAudioSamples({ ...options, totalFrames: index.totalFrames });
  // Awaited by the verification, or never (a failed cut): observed now, so that a rejection is not
  // unhandled (which would end the process).
  const all: Promise<unknown>[] = [pictures, samples, ...(middle ? [middle] : [])];
  for (const p of all) p.catch(() => undefined);
  return {
    windows,
    pictures,
    middle,
    samples,
    edgeReferences,
    async dispose() {
      controller.abort();
      for (const request of edgeReferences) request.settle(false);
      options.signal?.removeEventListener('abort', onAbort);
      await Promise.allSettled(all);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * Asks the cut for the master's frames `range` around `edge` (added to `requests`), when the cut
 * can give them: an H.264 MP4/MOV master whose edge is a re-encoded part of a clip that copies
 * something (concat.ts feeds that part from the master's samples), 8-bit YUV pictures. Null
 * otherwise. `written` settles when the cut says whether it wrote them.
 */
function askCut(
  options: MasterSideOptions & { workDir: string },
  edge: 'first' | 'last',
  range: [number, number],
  requests: EdgeReferenceRequest[],
): { request: EdgeReferenceRequest; written: Promise<boolean> } | null {
  const { plan, media } = options;
  const family = media.containerFamily;
  if (
    plan.sourceCodec !== 'h264' ||
    (family !== 'mp4' && family !== 'mov') ||
    plan.parts.length < 2 ||
    !options.residentEncoder ||
    !residentReferenceFormat(media.video.pixFmt)
  ) {
    return null;
  }
  let settle!: (written: boolean) => void;
  const written = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const request: EdgeReferenceRequest = {
    edge,
    from: range[0],
    to: range[1],
    output: join(options.workDir, `cut-${edge}.raw`),
    settle: (value) => settle(value),
  };
  requests.push(request);
  return { request, written };
}
