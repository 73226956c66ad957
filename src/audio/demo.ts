/**
 * The demo's audio item: 20 seconds of a harbour at dusk made by the demo itself (ffmpeg's noise and
 * tone generators: surf, a foghorn, a bell), a 48 kHz mono WAV rendered once into the demo cache
 * folder (temporary name, then renamed), uploaded through the audio service as an editor's upload
 * would be, then titled in French and English. Content-addressed: seeding again finds the same item.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '../platform/ffmpeg/run.ts';
import { removeStaleTemporaries } from '../platform/stale-temporaries.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { AudioService } from './service.ts';
import { receiveToDisk } from './store.ts';

const SECONDS = 20;

/** ffmpeg arguments (without the output) of the demo's sound. Pure. */
export function demoAudioArgs(seconds = SECONDS): string[] {
  const surf = `anoisesrc=color=brown:amplitude=0.25:duration=${seconds}:sample_rate=48000,volume='0.6+0.4*sin(2*PI*t/6)':eval=frame`;
  const horn = `sine=frequency=110:duration=${seconds}:sample_rate=48000,volume='if(between(mod(t,10),2,4),0.5,0)':eval=frame`;
  const bell = `sine=frequency=880:duration=${seconds}:sample_rate=48000,volume='0.3*exp(-3*mod(t,5))':eval=frame`;
  return [
    '-v',
    'error',
    '-filter_complex',
    `${surf}[a];${horn}[b];${bell}[c];[a][b][c]amix=inputs=3:normalize=0,alimiter=limit=0.9`,
    '-ac',
    '1',
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
  ];
}

async function renderDemoAudio(cacheDir: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const path = join(cacheDir, 'harbour-at-dusk.wav');
  if (existsSync(path)) return path;
  await removeStaleTemporaries(path); // a render killed with the process
  const tmp = `${path}.tmp-${process.pid}.wav`;
  try {
    await runFfmpeg([...demoAudioArgs(), '-y', tmp], { timeoutMs: 60_000 });
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  return path;
}

export async function seedDemoAudio(deps: {
  audio: AudioService;
  storage: MediaStorage;
  cacheDir: string;
}): Promise<string> {
  const path = await renderDemoAudio(deps.cacheDir);
  const received = await receiveToDisk(deps.storage, createReadStream(path), 'harbour-at-dusk.wav');
  const result = await deps.audio.upload([received], null);
  if (!result.ok) throw new Error(`demo audio refused: ${result.refusal.code}`);
  const id = result.items[0]?.id ?? '';
  await deps.audio.update(id, {
    translations: {
      fr: {
        title: 'Le port de Port-Aurel au crépuscule',
        description: 'Ressac, corne de brume et cloche du port : ambiance sonore libre de droits.',
      },
      en: {
        title: 'Port-Aurel harbour at dusk',
        description: 'Surf, foghorn and harbour bell: a royalty-free soundscape.',
      },
    },
    credit: 'UEC · Port-Aurel',
  });
  return id;
}
