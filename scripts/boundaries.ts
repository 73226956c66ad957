/**
 * The import-boundary checker: reads every TypeScript file under src/ (imports and `export … from`,
 * type-only ones too, through TypeScript's own parser) and the tables each feature names in Kysely
 * calls and SQL text, then checks the house rules of docs/architecture.md:
 * - `kit`: src/web and src/platform import no feature, nor the composition root;
 * - `lib`: src/lib/** imports nothing outside src/lib, and of packages only Node's builtins;
 * - `public`: a feature imports another feature only through its public module, src/<feature>/public.ts;
 * - `root`: no feature, library or kit file imports the composition root (portal.ts, route-access.ts, cli/);
 * - `cycle`: no cycle between top-level folders (features, web, platform, each library);
 * - `tables`: no file outside a feature names that feature's tables (src/<feature>/tables.ts says which);
 * - `state`: no module-level mutable state (a top-level `let`/`var`, or a top-level binding the file
 *   changes: assigns into, or calls a mutating method of), but the named exceptions (`STATE_ALLOWED`);
 *   the browser code (src/web/client) is not the server's and is left out.
 * `checkBoundaries` is pure (a graph in, violations out) so that a test can feed it a deliberate
 * violation; `readSourceGraph` builds the graph from the files. Run directly, it prints the violations
 * and exits 1 when there is any: `npx tsx scripts/boundaries.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One source file: its path relative to src/ (with `/`), what it imports, the tables it names. */
export interface SourceFile {
  path: string;
  /** Relative imports resolved to paths relative to src/; bare specifiers as written. */
  imports: { specifier: string; target: string | null }[];
  /** Table names the file opens in Kysely calls or names in SQL text. */
  tables: string[];
  /** Its module-level bindings that are mutable state (`mutableStateIn`). */
  state?: string[];
}

export interface SourceGraph {
  files: SourceFile[];
  /** Table name -> the feature that owns it. */
  tableOwners: Record<string, string>;
}

export interface Violation {
  rule: 'kit' | 'lib' | 'public' | 'root' | 'cycle' | 'tables' | 'state';
  file: string;
  detail: string;
}

type Area =
  | { kind: 'root' }
  | { kind: 'kit'; name: string }
  | { kind: 'lib'; name: string }
  | { kind: 'feature'; name: string };

const KIT = new Set(['web', 'platform']);
const ROOT_FILES = new Set(['portal.ts', 'route-access.ts']);
/** Read by the composition root and the CLI; a typed leaf any part may read types from. */
const SHARED_LEAVES = new Set(['config.ts']);

export function areaOf(path: string): Area | null {
  const [head = '', second] = path.split('/');
  if (second === undefined) {
    if (ROOT_FILES.has(head)) return { kind: 'root' };
    return SHARED_LEAVES.has(head) ? null : { kind: 'root' };
  }
  if (head === 'cli') return { kind: 'root' };
  if (KIT.has(head)) return { kind: 'kit', name: head };
  if (head === 'lib') return { kind: 'lib', name: `lib/${second}` };
  return { kind: 'feature', name: head };
}

function folderOf(area: Area): string | null {
  return area.kind === 'root' ? null : area.name;
}

/**
 * Module-level mutable state allowed, by `file:binding`: the message registry of the web kit, filled
 * once as each feature's catalog module loads and never changed after, and the memo of immutable Intl
 * formatters (nothing observable changes with it) (docs/architecture.md).
 */
const STATE_ALLOWED = new Set(['web/i18n/index.ts:MESSAGES', 'lib/intl/formatters.ts:memo']);

const BUILTINS = new Set(builtinModules);

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0] ?? '');
}

/** The pure check: every violation of the house rules in `graph`. */
export function checkBoundaries(graph: SourceGraph): Violation[] {
  const violations: Violation[] = [];
  const edges = new Map<string, Map<string, string>>();
  for (const file of graph.files) {
    const from = areaOf(file.path);
    if (!from) continue;
    for (const { specifier, target } of file.imports) {
      if (target === null) {
        if (from.kind === 'lib' && !isBuiltin(specifier))
          violations.push({ rule: 'lib', file: file.path, detail: `imports the package ${specifier}` });
        continue;
      }
      const to = areaOf(target);
      if (from.kind === 'lib' && !target.startsWith('lib/')) {
        violations.push({ rule: 'lib', file: file.path, detail: `imports ${target}, outside src/lib` });
        continue;
      }
      if (!to) continue;
      if (to.kind === 'root' && from.kind !== 'root') {
        violations.push({ rule: 'root', file: file.path, detail: `imports the composition root ${target}` });
        continue;
      }
      if (from.kind === 'kit' && to.kind === 'feature') {
        violations.push({ rule: 'kit', file: file.path, detail: `imports the feature file ${target}` });
        continue;
      }
      if (
        from.kind === 'feature' &&
        to.kind === 'feature' &&
        from.name !== to.name &&
        target !== `${to.name}/public.ts`
      ) {
        violations.push({
          rule: 'public',
          file: file.path,
          detail: `imports ${target}; use ${to.name}/public.ts`,
        });
      }
      const a = folderOf(from);
      const b = to ? folderOf(to) : null;
      if (a && b && a !== b) {
        const out = edges.get(a) ?? new Map<string, string>();
        if (!out.has(b)) out.set(b, file.path);
        edges.set(a, out);
      }
    }
    for (const table of file.tables) {
      const owner = graph.tableOwners[table];
      if (owner === undefined) continue;
      const mine = from.kind === 'feature' && from.name === owner;
      if (!mine && from.kind !== 'kit' && from.kind !== 'lib')
        violations.push({ rule: 'tables', file: file.path, detail: `names ${owner}'s table ${table}` });
    }
    if (!file.path.startsWith('web/client/'))
      for (const name of file.state ?? [])
        if (!STATE_ALLOWED.has(`${file.path}:${name}`))
          violations.push({ rule: 'state', file: file.path, detail: `module-level mutable state: ${name}` });
  }
  for (const cycle of folderCycles(edges))
    violations.push({
      rule: 'cycle',
      file: cycle.via,
      detail: `folders import each other: ${cycle.path.join(' -> ')}`,
    });
  return violations;
}

/** One cycle per strongly connected group of folders (Tarjan), with a file on its first edge. */
function folderCycles(edges: Map<string, Map<string, string>>): { path: string[]; via: string }[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.map((group) => {
    const inGroup = new Set(group);
    const first = group[0] ?? '';
    const path = [first];
    let at = first;
    // Walk inside the group until back at the start (always possible in a strongly connected group).
    for (let steps = 0; steps < group.length; steps += 1) {
      const next = [...(edges.get(at)?.keys() ?? [])].find(
        (n) => inGroup.has(n) && (n === first || !path.includes(n)),
      );
      if (!next) break;
      path.push(next);
      if (next === first) break;
      at = next;
    }
    return { path, via: edges.get(first)?.get(path[1] ?? '') ?? first };
  });
}

const KYSELY_TABLE_CALLS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'table',
]);
const SQL_TABLE = /\b(?:from|join|update|into|table)\s+([a-z_][a-z0-9_]*)/gi;

/** The tables one file opens: Kysely's table arguments, and names after FROM/JOIN/… in SQL text. */
export function tablesNamedIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = new Set<string>();
  const tableOf = (literal: string) => literal.trim().split(/\s+as\s+|\s|\./)[0] ?? '';
  const sqlText = (value: string) => {
    for (const match of value.matchAll(SQL_TABLE)) found.add((match[1] ?? '').toLowerCase());
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const first = node.arguments[0];
      if (KYSELY_TABLE_CALLS.has(name) && first) {
        const literals = ts.isArrayLiteralExpression(first) ? first.elements : [first];
        for (const literal of literals) if (ts.isStringLiteralLike(literal)) found.add(tableOf(literal.text));
      }
      if ((name === 'executeSql' || name === 'query') && first && ts.isStringLiteralLike(first))
        sqlText(first.text);
    }
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'sql') {
      const template = node.template;
      if (ts.isNoSubstitutionTemplateLiteral(template)) sqlText(template.text);
      else {
        sqlText(template.head.text);
        for (const span of template.templateSpans) sqlText(span.literal.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found].filter((name) => name.length > 0);
}

const MUTATORS = new Set([
  'add',
  'set',
  'delete',
  'clear',
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
]);

/**
 * The module-level bindings of one file that are mutable state: each top-level `let` or `var`, and
 * each top-level `const` the file changes anywhere (`NAME.x = …`, `NAME[k] = …`, `NAME.x++`,
 * `delete NAME[k]`, `NAME.set(…)`, `NAME.push(…)`, …). A constant lookup table is not state.
 */
export function mutableStateIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = new Set<string>();
  const constants = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of list.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      if (isConst) constants.add(declaration.name.text);
      else found.add(declaration.name.text);
    }
  }
  /** The top-level binding a written expression starts from (`A` of `A.b[c]`), if any. */
  const root = (node: ts.Expression): string | null => {
    let at: ts.Expression = node;
    while (ts.isPropertyAccessExpression(at) || ts.isElementAccessExpression(at)) at = at.expression;
    return ts.isIdentifier(at) && constants.has(at.text) && at !== node ? at.text : null;
  };
  const visit = (node: ts.Node) => {
    let written: string | null = null;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment) {
      if (node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) written = root(node.left);
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      written = root(node.operand);
    } else if (ts.isDeleteExpression(node)) {
      written = root(node.expression);
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      MUTATORS.has(node.expression.name.text)
    ) {
      const target = node.expression.expression;
      written = ts.isIdentifier(target) && constants.has(target.text) ? target.text : root(target);
    }
    if (written) found.add(written);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found];
}

/** Table name -> owning feature, from each feature's `<Name>Tables` interface in src/<feature>/tables.ts. */
export function readTableOwners(srcDir: string): Record<string, string> {
  const owners: Record<string, string> = {};
  for (const feature of readdirSync(srcDir)) {
    const path = join(srcDir, feature, 'tables.ts');
    if (KIT.has(feature) || feature === 'lib' || !statSync(join(srcDir, feature)).isDirectory()) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement) || !/Tables$/.test(statement.name.text)) continue;
      for (const member of statement.members)
        if (member.name && ts.isIdentifier(member.name)) owners[member.name.text] = feature;
    }
  }
  return owners;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The graph of every TypeScript file under `srcDir`. */
export function readSourceGraph(srcDir: string): SourceGraph {
  const files = sourceFiles(srcDir).map((absolute): SourceFile => {
    const text = readFileSync(absolute, 'utf8');
    const info = ts.preProcessFile(text, true, true);
    const imports = info.importedFiles.map(({ fileName }) => {
      if (!fileName.startsWith('.')) return { specifier: fileName, target: null };
      const target = relative(srcDir, resolve(dirname(absolute), fileName))
        .split(sep)
        .join('/');
      return { specifier: fileName, target };
    });
    return {
      path: relative(srcDir, absolute).split(sep).join('/'),
      imports,
      tables: tablesNamedIn(absolute, text),
      state: mutableStateIn(absolute, text),
    };
  });
  return { files, tableOwners: readTableOwners(srcDir) };
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] src/${v.file}: ${v.detail}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const violations = checkBoundaries(readSourceGraph(srcDir));
  for (const v of violations) console.log(formatViolation(v));
  console.log(
    violations.length === 0 ? 'boundaries: no violation' : `boundaries: ${violations.length} violations`,
  );
  process.exitCode = violations.length === 0 ? 0 : 1;
}
