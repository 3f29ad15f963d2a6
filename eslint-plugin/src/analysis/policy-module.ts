// The project's policy module, read from disk. `import { inventory } from '../resilience/policies.js'`
// names a file next to the importing one; this finds that file, parses it once, and returns the
// expression it exports as `inventory` (`export const inventory = policy('inventory', {...})`) in
// the module's own analysis context, so the guard finder reads the real configuration (timeout,
// retry, breaker, bulkhead) instead of assuming the runtime's defaults.
//
// Safe to call from any editor or CI process: only relative specifiers; only regular files (a FIFO
// or device named policies.ts would block a read), at most MAX_BYTES; no `//host/share` or
// `\\host\share` paths; each file parsed once per (absolute path, mtime, size); re-exports followed
// at most MAX_HOPS files deep with a visited set, so cycles end. Never throws: whatever cannot be
// read is "not found", and the caller falls back to the defaults-based assumption.
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve as resolvePath } from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, propertyKey, unwrap } from './ast.js';
import type { AnalysisContext } from './context.js';
import { importBindings } from './imports.js';
import { parseFile, type ParsedFile } from './parse.js';

type Node = TSESTree.Node;

/** An expression a policy module exports, in that module's own analysis context (its AST and scopes). */
export interface ModuleValue {
  ctx: AnalysisContext;
  expr: Node;
  /** The absolute path of the file it was found in. */
  path: string;
}

interface ModuleExports {
  /** Export name → the expression (or the local identifier) it exports. */
  local: Map<string, Node>;
  /** Export name → the relative module and name it is re-exported from. */
  reexports: Map<string, { source: string; name: string }>;
  /** `export * from './x'`. */
  stars: string[];
}

interface LoadedModule {
  path: string;
  mtimeMs: number;
  size: number;
  /** Null when the file does not parse. */
  parsed: ParsedFile | null;
  exports: ModuleExports | null;
  /** One analysis context per caller settings object (the guard finder memoises per context). */
  contexts: WeakMap<object, AnalysisContext>;
}

const MAX_BYTES = 1_000_000;
const MAX_HOPS = 8;
const MAX_CACHED = 64;
const cache = new Map<string, LoadedModule>();
const moduleContexts = new WeakSet<AnalysisContext>();

const SOURCE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The files a specifier may name, in TypeScript's order: `.js` → `.ts`/`.tsx`/`.js`, `.mjs` → `.mts`, none → any extension or an index file. */
function candidates(base: string): string[] {
  const ext = extname(base);
  const stem = base.slice(0, base.length - ext.length);
  switch (ext) {
    case '.js':
      return [`${stem}.ts`, `${stem}.tsx`, base, `${stem}.jsx`];
    case '.jsx':
      return [`${stem}.tsx`, base];
    case '.mjs':
      return [`${stem}.mts`, base];
    case '.cjs':
      return [`${stem}.cts`, base];
    case '.ts':
    case '.tsx':
    case '.mts':
    case '.cts':
      return [base];
    default:
      return [...SOURCE_EXTS.map((e) => base + e), ...SOURCE_EXTS.map((e) => join(base, `index${e}`))];
  }
}

function regularFile(path: string): { mtimeMs: number; size: number } | null {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st?.isFile() ? { mtimeMs: st.mtimeMs, size: st.size } : null;
  } catch {
    return null; // ELOOP, EACCES, …
  }
}

/** A regular file found on disk, with the stat that found it (so loading it does not stat it again). */
interface FoundFile {
  path: string;
  mtimeMs: number;
  size: number;
}

/** The file a relative specifier names from `fromFile`, or null (a package, a network path, nothing there). */
function resolveRelative(fromFile: string, specifier: string): FoundFile | null {
  if (!/^\.\.?(\/|$)/.test(specifier)) return null;
  const base = resolvePath(dirname(fromFile), specifier);
  if (/^(\/\/|\\\\)/.test(base)) return null;
  for (const candidate of candidates(base)) {
    const st = regularFile(candidate);
    if (st) return { path: candidate, ...st };
  }
  return null;
}

function load(file: FoundFile): LoadedModule | null {
  const { path, ...st } = file;
  if (st.size > MAX_BYTES) return null;
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) {
    cache.delete(path); // most recently used last
    cache.set(path, cached);
    return cached;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const entry: LoadedModule = { path, ...st, parsed: parseFile(text, path).parsed ?? null, exports: null, contexts: new WeakMap() };
  cache.delete(path);
  cache.set(path, entry);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return entry;
}

const isModuleExports = (n: Node): boolean =>
  n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'module' && memberName(n) === 'exports';

/** The module's exports: ESM declarations, specifiers and re-exports, and CJS `module.exports`/`exports.x` assignments. */
function exportsOf(parsed: ParsedFile): ModuleExports {
  const out: ModuleExports = { local: new Map(), reexports: new Map(), stars: [] };
  const relativeImports = importBindings(parsed, (s) => s.startsWith('.'));
  for (const stmt of parsed.ast.body) {
    switch (stmt.type) {
      case 'ExportNamedDeclaration': {
        if (stmt.exportKind === 'type') break;
        const d = stmt.declaration;
        if (d?.type === 'VariableDeclaration') {
          for (const decl of d.declarations) {
            if (decl.id.type !== 'Identifier' || !decl.init) continue;
            // A const is its initialiser; a let/var goes through the scope (reassigned → unknown).
            out.local.set(decl.id.name, d.kind === 'const' ? decl.init : decl.id);
          }
        }
        for (const spec of stmt.specifiers) {
          if (spec.exportKind === 'type') continue;
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
          if (stmt.source) {
            out.reexports.set(exported, { source: stmt.source.value, name: local });
            continue;
          }
          // `import { x } from './x.js'; export { x }` is a re-export too.
          const imported = relativeImports.find((b) => b.local?.name === local && b.imported !== '*');
          if (imported) out.reexports.set(exported, { source: imported.source, name: imported.imported });
          else if (spec.local.type === 'Identifier') out.local.set(exported, spec.local);
        }
        break;
      }
      case 'ExportAllDeclaration':
        if (!stmt.exported && stmt.exportKind !== 'type') out.stars.push(stmt.source.value);
        break;
      case 'ExportDefaultDeclaration':
        if (stmt.declaration.type !== 'FunctionDeclaration' && stmt.declaration.type !== 'ClassDeclaration' && stmt.declaration.type !== 'TSDeclareFunction' && stmt.declaration.type !== 'TSInterfaceDeclaration') {
          out.local.set('default', stmt.declaration);
        }
        break;
      case 'ExpressionStatement': {
        const e = stmt.expression;
        if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression') break;
        const left = e.left;
        if (isModuleExports(left)) {
          // module.exports = { a, b: policy(…) }
          out.local.set('default', e.right);
          const obj = unwrap(e.right);
          if (obj.type === 'ObjectExpression') {
            for (const p of obj.properties) {
              const key = p.type === 'Property' ? propertyKey(p) : null;
              if (p.type === 'Property' && key !== null) out.local.set(key, p.value);
            }
          }
          break;
        }
        // exports.a = …, module.exports.a = …
        const name = memberName(left);
        const target = unwrap(left.object);
        if (name && ((target.type === 'Identifier' && target.name === 'exports') || isModuleExports(target))) out.local.set(name, e.right);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function contextFor(entry: LoadedModule, parsed: ParsedFile, caller: AnalysisContext): AnalysisContext {
  let ctx = entry.contexts.get(caller.settings);
  if (!ctx) {
    ctx = { source: parsed, settings: caller.settings, globalScope: parsed.scopeManager?.globalScope ?? null, config: caller.config, filePath: entry.path };
    entry.contexts.set(caller.settings, ctx);
    moduleContexts.add(ctx);
  }
  return ctx;
}

function findExport(caller: AnalysisContext, file: FoundFile, name: string, visited: Set<string>): ModuleValue | null {
  const { path } = file;
  if (visited.has(path) || visited.size >= MAX_HOPS) return null;
  visited.add(path);
  const entry = load(file);
  if (!entry?.parsed) return null;
  entry.exports ??= exportsOf(entry.parsed);
  const local = entry.exports.local.get(name);
  if (local) return { ctx: contextFor(entry, entry.parsed, caller), expr: local, path };
  const re = entry.exports.reexports.get(name);
  if (re) {
    const target = resolveRelative(path, re.source);
    return target ? findExport(caller, target, re.name, visited) : null;
  }
  if (name === 'default') return null;
  for (const star of entry.exports.stars) {
    const target = resolveRelative(path, star);
    const found = target ? findExport(caller, target, name, visited) : null;
    if (found) return found;
  }
  return null;
}

/**
 * What the module `specifier` (imported by the file being analysed) exports as `name` (`default`
 * for its default export / CJS `module.exports`), or null when the file, the export or its
 * declaration cannot be read.
 */
export function policyModuleExport(ctx: AnalysisContext, specifier: string, name: string): ModuleValue | null {
  if (!ctx.filePath) return null;
  let memo = lookups.get(ctx);
  // Module contexts outlive one analysis: what they import may change, so they are not memoised.
  if (!memo && !moduleContexts.has(ctx)) lookups.set(ctx, (memo = new Map()));
  const key = `${specifier}\0${name}`;
  let found = memo?.get(key);
  if (found === undefined) {
    try {
      const file = resolveRelative(ctx.filePath, specifier);
      found = file ? findExport(ctx, file, name, new Set()) : null;
    } catch {
      found = null;
    }
    memo?.set(key, found);
  }
  return found;
}

/** Per analysis, each (specifier, export) is looked up once: the file system is asked once per file analysed. */
const lookups = new WeakMap<AnalysisContext, Map<string, ModuleValue | null>>();
