/**
 * What the catalogue shows about downloading each video: usage terms, credit, restrictions, embargo,
 * and the renditions with their state. Read in one go for a page or an API answer.
 */
import { videoRecords } from '../media/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { audioChannels } from './rendition-commands.ts';
import { createDownloadsRepository, type RenditionRow, type Usage } from './repository.ts';
import { isEmbargoed } from './rules.ts';
import type { RenditionName } from './tables.ts';

export interface RenditionFacts {
  name: RenditionName;
  container: string;
  videoCodec: string | null;
  audioChannels: number;
  /** Known once made (the master always). */
  size: number | null;
  sha256: string | null;
  /** ready; preparing (queued or running); on-request (made on the first download). */
  status: 'ready' | 'preparing' | 'on-request';
  progress: number;
  fileUrl: string;
}

export interface DownloadFacts {
  videoId: string;
  usage: Usage | null;
  embargoed: boolean;
  renditions: RenditionFacts[];
}

export function fileApiUrl(videoId: string, name: RenditionName): string {
  return `/api/v1/videos/${encodeURIComponent(videoId)}/renditions/${name}/file`;
}

function derived(
  videoId: string,
  name: 'web' | 'audio',
  row: RenditionRow | undefined,
  masterSha256: string,
  base: { container: string; videoCodec: string | null; audioChannels: number },
): RenditionFacts {
  const current = row?.masterSha256 === masterSha256;
  const ready = current && row?.status === 'ready';
  const preparing = current && (row?.status === 'queued' || row?.status === 'running');
  return {
    name,
    ...base,
    size: ready ? row!.size : null,
    sha256: ready ? row!.sha256 : null,
    status: ready ? 'ready' : preparing ? 'preparing' : 'on-request',
    progress: ready ? 1 : preparing ? row!.progress : 0,
    fileUrl: fileApiUrl(videoId, name),
  };
}

export async function loadDownloadFacts(
  db: AnyDb,
  videoIds: readonly string[],
  now = new Date(),
): Promise<Map<string, DownloadFacts>> {
  const facts = new Map<string, DownloadFacts>();
  if (videoIds.length === 0) return facts;
  const repo = createDownloadsRepository(db);
  const [videos, usage, renditions] = await Promise.all([
    videoRecords(db, videoIds),
    repo.usageFor(videoIds),
    repo.renditions(videoIds),
  ]);
  for (const v of videos.values()) {
    const u = usage.get(v.id) ?? null;
    const list: RenditionFacts[] = [];
    if (v.status === 'ready' && v.master_sha256 && v.info) {
      const channels = audioChannels(v.info);
      const rows = renditions.get(v.id) ?? [];
      list.push({
        name: 'master',
        container: v.info.containerFamily,
        videoCodec: v.info.video.codec,
        audioChannels: channels,
        size: Number(v.master_size),
        sha256: v.master_sha256,
        status: 'ready',
        progress: 1,
        fileUrl: fileApiUrl(v.id, 'master'),
      });
      const find = (name: string) => rows.find((r) => r.name === name);
      list.push(
        derived(v.id, 'web', find('web'), v.master_sha256, {
          container: 'mp4',
          videoCodec: 'h264',
          audioChannels: Math.min(2, channels),
        }),
      );
      if (channels > 0) {
        list.push(
          derived(v.id, 'audio', find('audio'), v.master_sha256, {
            container: 'wav',
            videoCodec: null,
            audioChannels: channels,
          }),
        );
      }
    }
    facts.set(v.id, {
      videoId: v.id,
      usage: u,
      embargoed: isEmbargoed(u?.embargoUntil ?? null, now),
      renditions: list,
    });
  }
  return facts;
}

/** The `usage` object of the video API. */
export function usageJson(facts: DownloadFacts | undefined, lang: 'fr' | 'en') {
  const usage = facts?.usage ?? null;
  return {
    credit: usage?.credit || null,
    terms: (lang === 'fr' ? usage?.termsFr : usage?.termsEn) || null,
    restrictions: (lang === 'fr' ? usage?.restrictionsFr : usage?.restrictionsEn) || null,
    embargoUntil: usage?.embargoUntil ? usage.embargoUntil.toISOString() : null,
    downloadable: facts ? !facts.embargoed && facts.renditions.length > 0 : false,
  };
}
