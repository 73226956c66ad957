/**
 * The import boundaries of docs/architecture.md (and its rule of no module-level mutable state),
 * checked on the real source tree, and the checker itself shown failing on deliberate violations (a
 * synthetic graph, and a real file's text).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkBoundaries,
  formatViolation,
  mutableStateIn,
  readSourceGraph,
  type SourceGraph,
  tablesNamedIn,
} from '../../scripts/boundaries.ts';

const SRC = join(import.meta.dirname, '..', '..', 'src');

describe('import boundaries of src/', () => {
  const graph = readSourceGraph(SRC);
  const violations = checkBoundaries(graph).map(formatViolation);

  it('reads the whole tree and every feature table', () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.tableOwners).toMatchObject({ videos: 'media', users: 'accounts', clips: 'clips' });
  });

  it('has no violation: no feature names another feature’s table', () => {
    expect(violations).toEqual([]);
  });
});

describe('the boundary checker', () => {
  const owners = { videos: 'media', clips: 'clips', users: 'accounts' };
  const file = (path: string, targets: string[], tables: string[] = []) => ({
    path,
    imports: targets.map((t) =>
      t.startsWith('pkg:') ? { specifier: t.slice(4), target: null } : { specifier: `./${t}`, target: t },
    ),
    tables,
  });
  const graphOf = (...files: ReturnType<typeof file>[]): SourceGraph => ({ files, tableOwners: owners });

  it('passes a graph that keeps the rules', () => {
    const graph = graphOf(
      file('web/app.ts', ['web/html.ts', 'platform/db/schema.ts', 'lib/timecode/timecode.ts', 'pkg:fastify']),
      file('clips/service.ts', ['media/public.ts', 'web/html.ts', 'lib/h264/nal.ts', 'config.ts'], ['clips']),
      file('media/videos.ts', ['media/tables.ts'], ['videos']),
      file('lib/h264/nal.ts', ['lib/isobmff/box.ts', 'pkg:node:fs', 'pkg:crypto']),
      file('portal.ts', ['clips/module.ts', 'web/app.ts']),
    );
    expect(checkBoundaries(graph)).toEqual([]);
  });

  it('fails when the kit imports a feature', () => {
    const found = checkBoundaries(graphOf(file('platform/jobs/kinds.ts', ['clips/jobs.ts'])));
    expect(found).toEqual([
      { rule: 'kit', file: 'platform/jobs/kinds.ts', detail: expect.stringContaining('clips/jobs.ts') },
    ]);
  });

  it('fails when a feature imports another past its public module', () => {
    const found = checkBoundaries(graphOf(file('clips/jobs.ts', ['media/videos.ts'])));
    expect(found.map((v) => v.rule)).toEqual(['public']);
  });

  it('fails when a library imports the portal or a package', () => {
    const found = checkBoundaries(
      graphOf(file('lib/h264/nal.ts', ['web/html.ts', 'pkg:kysely', 'pkg:node:path'])),
    );
    expect(found.map((v) => [v.rule, v.detail])).toEqual([
      ['lib', 'imports web/html.ts, outside src/lib'],
      ['lib', 'imports the package kysely'],
    ]);
  });

  it('fails when anything but the root imports the composition root', () => {
    const found = checkBoundaries(graphOf(file('media/ingest.ts', ['portal.ts'])));
    expect(found.map((v) => v.rule)).toEqual(['root']);
  });

  it('fails on a cycle between folders, even through public modules', () => {
    const found = checkBoundaries(
      graphOf(
        file('clips/a.ts', ['downloads/public.ts']),
        file('downloads/b.ts', ['media/public.ts']),
        file('media/c.ts', ['clips/public.ts']),
      ),
    );
    expect(found).toEqual([
      {
        rule: 'cycle',
        file: 'clips/a.ts',
        detail: 'folders import each other: clips -> downloads -> media -> clips',
      },
    ]);
  });

  it('fails when a feature names another feature’s table, and reads tables from Kysely and SQL', () => {
    const text = `
      export const a = (db) => db.selectFrom('videos as v').innerJoin('clips', 'clips.video_id', 'v.id');
      export const b = (db) => db.updateTable('users').set({ x: 1 });
      export const c = sql\`SELECT id FROM videos WHERE id = \${1}\`;
      export const d = 'videos';`;
    const tables = tablesNamedIn('x.ts', text);
    expect([...tables].sort()).toEqual(['clips', 'users', 'videos']);
    const found = checkBoundaries(graphOf(file('clips/x.ts', [], tables)));
    expect(found.map((v) => v.detail)).toEqual([
      "names media's table videos",
      "names accounts's table users",
    ]);
  });

  it('fails on module-level mutable state, but the named registry and the browser code', () => {
    const text = `
      let hits = 0;
      const cache = new Map<string, number>();
      const KINDS = new Set(['a']);
      const limits = { max: 1 };
      export function f(k: string) { cache.set(k, ++hits); return KINDS.has(k) ? limits.max : 0; }`;
    const state = mutableStateIn('x.ts', text);
    expect([...state].sort()).toEqual(['cache', 'hits']);
    expect(mutableStateIn('y.ts', 'const o = { a: { n: 1 } }; export const g = () => { o.a.n++; };')).toEqual(
      ['o'],
    );
    const graph: SourceGraph = {
      files: [
        { path: 'clips/cache.ts', imports: [], tables: [], state: [...state].sort() },
        { path: 'web/i18n/index.ts', imports: [], tables: [], state: ['MESSAGES'] },
        { path: 'web/client/player.ts', imports: [], tables: [], state: ['keyActions'] },
      ],
      tableOwners: owners,
    };
    expect(checkBoundaries(graph).map((v) => [v.rule, v.file, v.detail])).toEqual([
      ['state', 'clips/cache.ts', 'module-level mutable state: cache'],
      ['state', 'clips/cache.ts', 'module-level mutable state: hits'],
    ]);
  });
});
