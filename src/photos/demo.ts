/**
 * The demo's photo gallery: three pictures of the Port-Aurel lighthouse made by the demo itself
 * (SVG scenes drawn by sharp, not copied from anywhere), rendered once into the demo cache folder
 * (written to a temporary name, then renamed) and uploaded through the photo service as an editor's
 * upload would be, then captioned in French and English. Photos are content-addressed, so seeding
 * again finds the same photos. Returns their ids in gallery order.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { removeStaleTemporaries } from '../platform/stale-temporaries.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { PhotoService } from './service.ts';
import { type ReceivedFile, receiveToDisk } from './store.ts';

interface DemoPhoto {
  name: string;
  sky: [string, string];
  sea: string;
  light: boolean;
  caption: { fr: string; en: string };
}

const DEMO_PHOTOS: DemoPhoto[] = [
  {
    name: 'lighthouse-dawn',
    sky: ['#f6b26b', '#6fa8dc'],
    sea: '#1c4587',
    light: false,
    caption: {
      fr: 'Le phare de Port-Aurel au lever du jour, après sa restauration.',
      en: 'The Port-Aurel lighthouse at daybreak, after its restoration.',
    },
  },
  {
    name: 'lighthouse-noon',
    sky: ['#cfe2f3', '#3d85c6'],
    sea: '#0b5394',
    light: false,
    caption: {
      fr: 'La tour repeinte, vue depuis la jetée nord.',
      en: 'The repainted tower, seen from the north pier.',
    },
  },
  {
    name: 'lighthouse-night',
    sky: ['#0c1a3a', '#20124d'],
    sea: '#07102a',
    light: true,
    caption: {
      fr: 'La lanterne rallumée pour la première fois depuis 1987.',
      en: 'The lantern lit again for the first time since 1987.',
    },
  },
];

const CREDIT = 'UEC · Port-Aurel';

/** One scene, 1600×1000: sky gradient, sea, a rock, the striped tower and (at night) its beam. */
export function demoPhotoSvg(photo: DemoPhoto): string {
  const beam = photo.light
    ? '<polygon points="800,260 1600,120 1600,330" fill="#fff6b0" opacity="0.45"/><circle cx="800" cy="262" r="26" fill="#fff3a0"/>'
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${photo.sky[1]}"/><stop offset="1" stop-color="${photo.sky[0]}"/></linearGradient></defs>
<rect width="1600" height="1000" fill="url(#sky)"/>
<rect y="700" width="1600" height="300" fill="${photo.sea}"/>
<ellipse cx="800" cy="760" rx="330" ry="90" fill="#3b3b3b"/>
<polygon points="740,720 860,720 835,300 765,300" fill="#f3f3f3"/>
<polygon points="757,560 843,560 838,480 762,480" fill="#cc0000"/>
<polygon points="766,400 834,400 832,340 768,340" fill="#cc0000"/>
<rect x="770" y="240" width="60" height="60" fill="#444"/><polygon points="760,240 840,240 800,200" fill="#990000"/>
${beam}
</svg>`;
}

/** Renders (once) and returns the cached JPEG of each demo photo. */
async function renderDemoPhotos(cacheDir: string): Promise<{ photo: DemoPhoto; path: string }[]> {
  await mkdir(cacheDir, { recursive: true });
  const out = [];
  for (const photo of DEMO_PHOTOS) {
    const path = join(cacheDir, `${photo.name}.jpg`);
    if (!existsSync(path)) {
      const jpeg = await sharp(Buffer.from(demoPhotoSvg(photo)))
        .jpeg({ quality: 82 })
        .toBuffer();
      await removeStaleTemporaries(path); // a write killed with the process
      const tmp = `${path}.tmp-${process.pid}`;
      await writeFile(tmp, jpeg);
      await rename(tmp, path);
    }
    out.push({ photo, path });
  }
  return out;
}

export async function seedDemoPhotos(deps: {
  photos: PhotoService;
  storage: MediaStorage;
  cacheDir: string;
}): Promise<string[]> {
  const rendered = await renderDemoPhotos(deps.cacheDir);
  const received: ReceivedFile[] = [];
  for (const { photo, path } of rendered)
    received.push(await receiveToDisk(deps.storage, createReadStream(path), `${photo.name}.jpg`));
  const result = await deps.photos.upload(received, null);
  if (!result.ok) throw new Error(`demo photos refused: ${result.refusal.code} ${result.refusal.name}`);
  const ids = result.photos.map((p) => p.id);
  for (const [i, id] of ids.entries()) {
    const photo = rendered[i]?.photo;
    if (photo) await deps.photos.update(id, { caption: { ...photo.caption }, credit: CREDIT });
  }
  return ids;
}
