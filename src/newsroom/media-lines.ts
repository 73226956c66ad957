/**
 * The story form's media field (pure): one medium a line (or separated by spaces), `photo:ID`, `audio:ID`, `video:ID` or a
 * bare id (a video, as before photos), in the story's order; a leading `*` marks the lead (without
 * one, the first medium leads). Written back the same way, so a saved form shows what was typed.
 */
import type { StoryMediaRef } from '../catalog/public.ts';

const KINDS = new Set(['video', 'audio', 'photo']);

export function parseMediaLines(text: string): { media: StoryMediaRef[]; leadMedia: StoryMediaRef | null } {
  const media: StoryMediaRef[] = [];
  let lead: StoryMediaRef | null = null;
  for (const word of text.split(/\s+/)) {
    if (!word || word === '*') continue;
    const starred = word.startsWith('*');
    const token = starred ? word.slice(1) : word;
    const m = /^([a-z]+):(\S+)$/.exec(token);
    const ref: StoryMediaRef =
      m && KINDS.has(m[1] as string)
        ? { kind: m[1] as StoryMediaRef['kind'], id: m[2] as string }
        : { kind: 'video', id: token };
    media.push(ref);
    if (starred && !lead) lead = ref;
  }
  return { media, leadMedia: lead ?? media[0] ?? null };
}

export function mediaLines(media: readonly StoryMediaRef[], lead: StoryMediaRef | null): string {
  return media
    .map((m) => `${lead && lead.id === m.id && media[0]?.id !== m.id ? '*' : ''}${m.kind}:${m.id}`)
    .join('\n');
}
