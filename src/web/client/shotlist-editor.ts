/**
 * The back-office shotlist editor (progressive enhancement of the server-rendered rows): each row's
 * In/Out buttons take the timecode of the frame on screen in the player (the player's own handle, as
 * the clip editor does), rows can be added and removed; the form still posts plain fields.
 */
import { frameToTimecode, type TimecodeFormat } from '../../lib/timecode/timecode.ts';

function enhance(form: HTMLFormElement): void {
  const [num = 25, den = 1] = (form.dataset.fps ?? '25/1').split('/').map(Number);
  const start = form.dataset.startTimecode ?? '00:00:00:00';
  const format: TimecodeFormat = { rate: { num, den }, dropFrame: start.includes(';') };
  const body = form.querySelector('tbody');
  const template = body
    ?.querySelector<HTMLTableRowElement>('tr[data-shot-row]:last-child')
    ?.cloneNode(true) as HTMLTableRowElement | undefined;
  const wire = (row: HTMLTableRowElement) => {
    for (const button of row.querySelectorAll<HTMLButtonElement>('button[data-mark]')) {
      button.hidden = false;
      button.addEventListener('click', () => {
        const handle = document.querySelector<HTMLElement>('.player')?.player;
        const field = row.querySelector<HTMLInputElement>(`input[data-tc="${button.dataset.mark}"]`);
        if (!handle || !field) return;
        field.value = frameToTimecode(handle.frame(), start, format);
        field.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
    const remove = row.querySelector<HTMLButtonElement>('button[data-remove-row]');
    if (remove) {
      remove.hidden = false;
      remove.addEventListener('click', () => row.remove());
    }
  };
  for (const row of form.querySelectorAll<HTMLTableRowElement>('tr[data-shot-row]')) wire(row);
  const add = form.querySelector<HTMLButtonElement>('button[data-add-row]');
  if (add && template && body) {
    add.hidden = false;
    add.addEventListener('click', () => {
      const row = template.cloneNode(true) as HTMLTableRowElement;
      for (const field of row.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))
        field.value = '';
      body.append(row);
      wire(row);
      row.querySelector<HTMLInputElement>('input')?.focus();
    });
  }
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-shotlist-form]')) enhance(form);
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm ?? '')) event.preventDefault();
  });
}
