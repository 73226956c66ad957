import { readFile } from 'node:fs/promises';

/**
 * The 10,000 most common passwords shipped in data/common-passwords.txt (one per line, lowercased;
 * built by scripts/build-common-passwords.mjs, which says where the list comes from).
 * Load once at start-up in the composition root and pass the set to checkPassword.
 */
export const COMMON_PASSWORDS_FILE = new URL('../data/common-passwords.txt', import.meta.url);

export function parseCommonPasswords(text: string): Set<string> {
  const set = new Set<string>();
  for (const line of text.split('\n')) {
    const entry = line.replace(/\r$/, '');
    if (entry.length > 0) set.add(entry.toLowerCase());
  }
  return set;
}

export async function loadCommonPasswords(file: URL | string = COMMON_PASSWORDS_FILE): Promise<Set<string>> {
  return parseCommonPasswords(await readFile(file, 'utf8'));
}
