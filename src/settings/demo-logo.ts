/**
 * The demo institution's logo, drawn by the demo (no copied artwork): a lighthouse on a wave in a
 * roundel, shapes only (no text, so no font is needed where it is drawn). The demo sets it through
 * the same path an admin's upload takes (SVG drawn into a PNG by `setLogo`), only when no logo is set.
 */
import type { AuditActor } from '../audit/public.ts';
import type { Settings } from './module.ts';

export const DEMO_LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">
<circle cx="80" cy="80" r="76" fill="#0b4f8a"/>
<circle cx="80" cy="80" r="66" fill="none" stroke="#f5b700" stroke-width="6"/>
<path d="M70 44 h20 l6 68 h-32 z" fill="#ffffff"/>
<path d="M70 62 h22 v10 h-23 z M67 88 h27 v10 h-28 z" fill="#d7263d"/>
<path d="M66 36 h28 v10 h-28 z" fill="#f5b700"/>
<path d="M58 40 l-22 -8 v16 z M102 40 l22 -8 v16 z" fill="#f5b700" opacity="0.8"/>
<path d="M20 116 q15 -12 30 0 t30 0 t30 0 t30 0 v20 q-30 22 -60 22 t-60 -22 z" fill="#5fb3e8"/>
</svg>`;

/** Sets the demo logo unless a logo is already set; returns whether it did. */
export async function seedDemoLogo(settings: Settings, actor: AuditActor): Promise<boolean> {
  if (settings.current().values.logo) return false;
  const outcome = await settings.setLogo(Buffer.from(DEMO_LOGO_SVG), actor);
  if (outcome.kind !== 'ok') throw new Error(`the demo logo was refused: ${JSON.stringify(outcome)}`);
  return true;
}
