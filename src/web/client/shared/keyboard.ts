/**
 * Which keys the page's shortcuts may take (player and clip editor): none inside a text field, and
 * space, Enter and the arrows stay with a control that uses them itself (a button, a link, a radio
 * button, a checkbox), except the player and its picture. Pure DOM checks, no state.
 */

/** Input types where letters, space and the arrows edit or move within the field. */
const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
  'range',
]);

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

const CONTROL_KEYS = new Set([' ', 'Enter', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

/** True when the shortcut for `event` must not run (typing, modifiers, or a control's own key). */
export function keyBelongsToFocus(event: KeyboardEvent): boolean {
  if (event.altKey || event.ctrlKey || event.metaKey) return true;
  const target = event.target;
  if (isTextField(target)) return true;
  if (!CONTROL_KEYS.has(event.key) || !(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLVideoElement || target.classList.contains('player')) return false;
  return target.closest('button, a[href], summary, input, [role="button"], [role="radio"]') !== null;
}
