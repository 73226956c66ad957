/**
 * What an audit entry says (pure): the known actions (each has FR/EN wording in messages.ts), the
 * shape `record` accepts, and its checks. Other features may record actions not listed here (the
 * page then shows the action's code); add the action and its words here to have it named.
 */

export const KNOWN_ACTIONS = [
  'story.create',
  'story.edit',
  'story.publish',
  'story.schedule',
  'story.unpublish',
  'story.delete',
  'story.restore',
  'topic.create',
  'topic.edit',
  'video.upload',
  'video.retry',
  'video.metadata',
  'video.delete',
  'user.role',
  'user.disable',
  'user.enable',
  'user.delete',
  'settings.edit',
  'settings.logo',
] as const;

export type KnownAction = (typeof KNOWN_ACTIONS)[number];

/** Who acted: an account (id and its display name then), or the portal itself (`id: null`). */
export interface AuditActor {
  readonly id: string | null;
  readonly name: string;
}

/** On what: a kind (`story`, `topic`, `video`, `user`, `photo`…), its id, and what it was called then. */
export interface AuditTarget {
  readonly kind: string;
  readonly id: string | number;
  readonly label?: string;
}

export interface AuditEntryInput {
  readonly actor: AuditActor;
  /** `<area>.<verb>` in lowercase, e.g. `story.publish`. */
  readonly action: string;
  readonly target: AuditTarget;
}

const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
const KIND = /^[a-z][a-z0-9_-]{0,39}$/;
const MAX_TEXT = 300;

export function isKnownAction(action: string): action is KnownAction {
  return (KNOWN_ACTIONS as readonly string[]).includes(action);
}

/** The row to write, or an Error naming what is wrong (a programming error in the caller). */
export function auditRow(entry: AuditEntryInput, at: Date) {
  if (!ACTION.test(entry.action) || entry.action.length > 80)
    throw new Error(`audit: bad action ${JSON.stringify(entry.action)}`);
  if (!KIND.test(entry.target.kind))
    throw new Error(`audit: bad target kind ${JSON.stringify(entry.target.kind)}`);
  const targetId = String(entry.target.id);
  if (targetId === '' || targetId.length > 200) throw new Error('audit: bad target id');
  return {
    at,
    actor_id: entry.actor.id,
    actor_name: (entry.actor.name || entry.actor.id || '?').slice(0, MAX_TEXT),
    action: entry.action,
    target_kind: entry.target.kind,
    target_id: targetId,
    target_label: (entry.target.label ?? '').slice(0, MAX_TEXT),
  };
}
