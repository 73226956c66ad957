/**
 * Statements kept parsed on PGlite. PGlite runs every query as an unnamed statement: it is parsed and
 * analysed again each time, which in WebAssembly costs about as much as planning it (a search's
 * statements: 2–3 ms of CPU a search, in the portal's own thread). A statement whose text begins
 * with `KEEP_PARSED` is instead prepared once under a name (the wire protocol's Parse) and then only
 * bound and executed, in one round trip. Each execution is still planned for its parameters: the
 * session runs with `plan_cache_mode = force_custom_plan`, so that a kept statement never gets a
 * generic plan (for full-text matches a generic plan ignores what the query words are and can be
 * a hundred times slower). Opt-in, for statements whose text comes from a small set of shapes and
 * whose result columns are named (a kept `SELECT *` fails after its table gains a column). On a
 * PostgreSQL server the marker is only a comment.
 */
import { type PGlite, parse, protocol } from '@electric-sql/pglite';

/** A statement beginning with this is kept parsed on PGlite. */
export const KEEP_PARSED = '/* kept */';
/** Statements kept at most, the least recently used closed first. */
const CAPACITY = 64;

interface Kept {
  name: string;
  /** Parameter types, for the serializers. */
  types: number[];
}

type Client = Pick<PGlite, 'query' | 'close'>;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Set on the Kysely handle whose connection keeps statements (`markKeepsStatements`). */
const KEEPS = Symbol.for('portal.keepsStatements');

/** Marks a Kysely handle as running over `keptStatementsClient`. */
export function markKeepsStatements<T extends object>(db: T): T {
  return Object.defineProperty(db, KEEPS, { value: true });
}

/**
 * Whether this handle keeps statements marked KEEP_PARSED parsed (PGlite): there, a statement's own
 * cost (parse, round trips) is high and planning cheap by comparison; on a server, the reverse.
 */
export function keepsStatements(db: object): boolean {
  return (db as { [KEEPS]?: boolean })[KEEPS] === true;
}

/** The session setting kept statements need (run once, when the database is opened). */
export const KEPT_STATEMENTS_SETTING = 'SET plan_cache_mode = force_custom_plan';

/**
 * The client Kysely's PGlite dialect is given: `query` as PGlite's, but a statement marked
 * `KEEP_PARSED` with parameters runs as a named prepared statement.
 */
export function keptStatementsClient(pglite: PGlite): Client {
  const kept = new Map<string, Kept>();
  let next = 0;
  const { serialize } = protocol;
  const exec = (message: Uint8Array) => pglite.execProtocol(message, { syncToFs: false });

  async function prepare(text: string): Promise<Kept> {
    const name = `kept_${next++}`;
    const { messages } = await exec(
      concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
    );
    const statement = { name, types: parse.parseDescribeStatementResults(messages) };
    kept.set(text, statement);
    if (kept.size > CAPACITY) {
      const [oldest, old] = kept.entries().next().value as [string, Kept];
      kept.delete(oldest);
      await exec(concat([serialize.close({ type: 'S', name: old.name }), serialize.sync()]));
    }
    return statement;
  }

  async function run<T>(text: string, params: unknown[]) {
    let statement = kept.get(text);
    if (statement) {
      kept.delete(text);
      kept.set(text, statement);
    } else statement = await prepare(text);
    const { types, name } = statement;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pglite.serializers[types[i] ?? 0];
      return serializer ? serializer(value) : String(value);
    });
    try {
      const { messages } = await exec(
        concat([
          serialize.bind({ statement: name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
      );
      const [result] = parse.parseResults(messages, pglite.parsers);
      return result as Awaited<ReturnType<typeof pglite.query<T>>>;
    } catch (error) {
      // "cached plan must not change result type": prepared again next time.
      if ((error as { code?: string }).code === '0A000') {
        kept.delete(text);
        await exec(concat([serialize.close({ type: 'S', name }), serialize.sync()]));
      }
      throw error;
    }
  }

  return {
    query: (<T>(text: string, params?: unknown[], options?: Parameters<PGlite['query']>[2]) => {
      if (!text.startsWith(KEEP_PARSED) || !params?.length || options)
        return pglite.query<T>(text, params, options);
      // The same exclusion as PGlite's own `query`: one statement at a time, none inside another
      // caller's `transaction()`.
      return pglite._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(async () => {
          const result = await run<T>(text, params);
          await pglite.syncToFs();
          return result;
        }),
      );
    }) as PGlite['query'],
    close: () => pglite.close(),
  };
}
