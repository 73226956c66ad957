/**
 * The demo's stories, written through the newsroom's own service as an editor would: topics first,
 * then each story as a draft with its videos, then published at its demo date. One more story (French
 * only until its translation comes) is scheduled for the day after seeding. The lighthouse story also
 * shows the demo's photo gallery, the research vessel's the demo's audio item. Stories already there
 * (by slug) are left alone, so seeding again adds only what is missing.
 */
import type { DemoStory, StoryMediaRef } from '../catalog/public.ts';
import { DEMO_STORIES, demoVideoId, slugOwner } from '../catalog/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import type { Actor, StoryService } from './service.ts';
import type { TopicService } from './topics.ts';

const DEMO_EDITOR: Actor = { id: 'demo', name: 'Demo' };

const TOPICS = [
  { slug: 'ocean', name: { fr: 'Océan', en: 'Ocean' } },
  { slug: 'energy', name: { fr: 'Énergie', en: 'Energy' } },
  { slug: 'youth', name: { fr: 'Jeunesse', en: 'Youth' } },
  { slug: 'civil-protection', name: { fr: 'Protection civile', en: 'Civil protection' } },
  { slug: 'heritage', name: { fr: 'Patrimoine', en: 'Heritage' } },
] as const;

const STORY_TOPICS: Record<string, string[]> = {
  'ministers-agree-ocean-monitoring-plan': ['ocean'],
  'states-sign-offshore-wind-grid-agreement': ['energy', 'ocean'],
  'youth-summit-on-climate-and-coasts': ['youth', 'ocean'],
  'new-research-vessel-launched-in-port-aurel': ['ocean'],
  'flood-response-exercise-tests-cross-border-teams': ['civil-protection'],
  'historic-lighthouse-restored-as-heritage-site': ['heritage'],
};

const SCHEDULED = {
  slug: 'coastal-states-open-maritime-archives',
  fr: {
    title: 'L’UEC ouvre au public les archives maritimes de Port-Aurel',
    standfirst:
      'Trois siècles de cartes marines, de journaux de bord et de registres portuaires seront consultables en ligne.',
    body:
      'Les archives maritimes de l’Union des États côtiers ouvriront leurs collections numérisées au public.\n\n' +
      '## Ce qui sera en ligne\n\n- des cartes marines depuis 1720 ;\n- les journaux de bord des phares ;\n- les registres du port de Port-Aurel.\n\n' +
      '> « Ces documents appartiennent à tous les riverains », a déclaré la directrice des archives.',
  },
};

/** Which demo story shows the demo's photo gallery, and which its audio item (after its videos). */
const GALLERY_STORY = 'historic-lighthouse-restored-as-heritage-site';
const AUDIO_STORY = 'new-research-vessel-launched-in-port-aurel';

export async function seedDemoStories(
  deps: { db: AnyDb; stories: StoryService; topics: TopicService; clock?: () => Date },
  demo: DemoStory[] = DEMO_STORIES,
  /** The demo's photos (a gallery) and audio item, uploaded through their own services. */
  extras: { photos: string[]; audio: string | null } = { photos: [], audio: null },
): Promise<void> {
  for (const topic of TOPICS) await deps.topics.create({ slug: topic.slug, name: { ...topic.name } });
  for (const story of demo) {
    if ((await slugOwner(deps.db, story.slug)) !== null) continue;
    const media: StoryMediaRef[] = story.videos.map((_, i) => ({
      kind: 'video' as const,
      id: demoVideoId(story, i),
    }));
    if (story.slug === GALLERY_STORY)
      media.push(...extras.photos.map((id) => ({ kind: 'photo' as const, id })));
    if (story.slug === AUDIO_STORY && extras.audio) media.push({ kind: 'audio', id: extras.audio });
    const created = await deps.stories.create(DEMO_EDITOR, {
      slug: story.slug,
      translations: { fr: story.fr, en: story.en },
      topics: STORY_TOPICS[story.slug] ?? [],
      media,
      leadMedia: media[0] ?? null,
    });
    if (created.kind !== 'ok') throw new Error(`demo story ${story.slug}: ${JSON.stringify(created)}`);
    const published = await deps.stories.publish(DEMO_EDITOR, created.story.id, {
      at: new Date(story.publishedAt),
    });
    if (published.kind !== 'ok') throw new Error(`demo story ${story.slug} not published: ${published.kind}`);
  }
  if ((await slugOwner(deps.db, SCHEDULED.slug)) === null) {
    const created = await deps.stories.create(DEMO_EDITOR, {
      slug: SCHEDULED.slug,
      translations: { fr: SCHEDULED.fr },
      topics: ['heritage'],
    });
    if (created.kind !== 'ok') throw new Error(`demo story ${SCHEDULED.slug}: ${created.kind}`);
    const now = deps.clock?.() ?? new Date();
    const at = new Date(Math.ceil((now.getTime() + 24 * 3600_000) / 3600_000) * 3600_000);
    await deps.stories.publish(DEMO_EDITOR, created.story.id, { at, timeZone: 'Europe/Brussels' });
  }
}
