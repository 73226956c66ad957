/**
 * axe-core in a Playwright page: injected through the debugger (page.addInitScript or, when the page
 * lacks it, page.evaluate), so the portal's CSP stays as it is, and run over the whole document. Returns every violation (any impact) as one line
 * each: "impact rule-id at selector (n nodes)".
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** The axe-core source, read once per caller (keep the string; it is 500 KB). */
export async function axeSource(): Promise<string> {
  return readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/** Injects axe (when the page does not have it yet) and lists the page's violations. */
export async function axeViolations(page: Page, source: string): Promise<string[]> {
  const present = await page.evaluate('typeof window.axe === "object"');
  if (!present) await page.evaluate(source);
  // A string, evaluated in the page: this file is typed without the DOM's names.
  return page.evaluate<string[]>(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) =>
      v.impact + ' ' + v.id + ' at ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ') +
      ' (' + v.nodes.length + ' nodes): ' + (v.nodes[0] && v.nodes[0].failureSummary || '').replace(/\\s+/g, ' ').slice(0, 240));
  })()`);
}
