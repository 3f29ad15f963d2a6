// Import resolution: "the references to export X of module M" through ESM imports (default, named,
// namespace, aliases), CommonJS `require` (plain, destructured, `.default`), TypeScript's
// `import x = require()`, the `node:` prefix, and globals (`fetch`, `globalThis.fetch`).
//
// Built on @eslint-community/eslint-utils' ReferenceTracker, which follows a binding through
// aliases (`const f = fetch`), destructuring and property reads, starting from the import
// declarations and the global scope: a file that imports no HTTP client costs one pass over its
// top-level statements and unresolved globals, never a walk of the whole tree.
//
// A trace map describes a module's exports: keys are export names (`default` for the default
// export), leaves say what to report (`[CALL]`, `[CONSTRUCT]`, `[READ]`, with any info value).
// Paths come back without the module name and without `default` segments, so `axios.get` is
// ['get'] whether it was reached through `import axios from 'axios'`, `import * as a from 'axios'`
// (`a.default.get`) or `require('axios').get`.
import { isBuiltin } from 'node:module';
import { CALL, CONSTRUCT, READ, ReferenceTracker } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { staticString } from './ast.js';

export { CALL, CONSTRUCT, READ };

type Node = TSESTree.Node;

/** A module's exports (or a value's properties) and what to report for each. */
export interface ExportTrace<T> {
  [name: string]: ExportTrace<T>;
  [CALL]?: T;
  [CONSTRUCT]?: T;
  [READ]?: T;
}

export type RefType = 'call' | 'construct' | 'read';

export interface TrackedRef<T> {
  /** CallExpression for 'call', NewExpression for 'construct', the reading node for 'read'. */
  node: Node;
  /** Export path below the module (or below the value for `trackValue`), `default` segments removed. */
  path: readonly string[];
  type: RefType;
  info: T;
  /** The module, without a `node:` prefix; null for globals and `trackValue`. */
  module: string | null;
}

/** One binding a file imports (ESM import or CommonJS require), for modules matched by name. */
export interface ImportBinding {
  source: string;
  /** The export name, `default`, or `*` for a namespace import / a whole `require()` result. */
  imported: string;
  /** The local identifier, when the binding has one (not for `require('x').y` reads). */
  local: TSESTree.Identifier | null;
  variable: TSESLint.Scope.Variable | null;
  /** The import specifier, the require call, or the destructuring property. */
  node: Node;
}

/** What the helpers need from a parsed file. */
export interface TrackerHost {
  ast: TSESTree.Program;
  scopeManager: TSESLint.Scope.ScopeManager | null;
}

// The eslint-utils tracker, typed loosely: its .d.ts speaks estree/eslint types, ours are TSESTree.
interface RawTracker {
  iterateEsmReferences(map: object): Iterable<RawRef>;
  iteratePropertyReferences(node: Node, map: object): Iterable<RawRef>;
}
interface RawRef {
  node: Node;
  path: string[];
  type: symbol;
  info: unknown;
}

interface TrackerState {
  tracker: RawTracker;
  /** Read references to a global, by name (see globalReads). */
  globals: { get(name: string): TSESTree.Identifier[] | undefined };
}

const trackers = new WeakMap<object, TrackerState>();

function state(host: TrackerHost): TrackerState | null {
  const scopeManager = host.scopeManager;
  const globalScope = scopeManager?.globalScope;
  if (!scopeManager || !globalScope) return null;
  let s = trackers.get(scopeManager);
  if (!s) {
    const tracker = new ReferenceTracker(globalScope as never, { mode: 'strict' }) as unknown as RawTracker;
    s = { tracker, globals: globalReads(globalScope) };
    trackers.set(scopeManager, s);
  }
  return s;
}

/**
 * Read references to globals, by name: the references nothing in the file declares (`through`),
 * plus those bound to globals the configuration declares (implicit variables without definitions,
 * e.g. ESLint `languageOptions.globals` or typescript-eslint's `lib`). A global the file itself
 * declares or reassigns is a look-alike and is left out. Computed per name on first use: the
 * global scope of a TypeScript file holds hundreds of lib variables nobody asks about.
 */
function globalReads(globalScope: TSESLint.Scope.Scope): TrackerState['globals'] {
  let through: Map<string, TSESLint.Scope.Reference[]> | null = null;
  const cache = new Map<string, TSESTree.Identifier[] | undefined>();
  return {
    get(name) {
      if (cache.has(name)) return cache.get(name);
      if (!through) {
        through = new Map();
        for (const ref of globalScope.through) {
          if (ref.identifier.type !== 'Identifier') continue;
          let list = through.get(ref.identifier.name);
          if (!list) through.set(ref.identifier.name, (list = []));
          list.push(ref);
        }
      }
      const refs = [...(through.get(name) ?? [])];
      const variable = globalScope.set.get(name);
      if (variable && variable.defs.length === 0) refs.push(...variable.references);
      let result: TSESTree.Identifier[] | undefined;
      if (refs.length > 0 && !refs.some((r) => r.isWrite())) {
        result = [...new Set(refs.filter((r) => r.identifier.type === 'Identifier').map((r) => r.identifier as TSESTree.Identifier))];
      }
      cache.set(name, result);
      return result;
    },
  };
}

const TYPE_OF: Record<symbol, RefType> = { [CALL]: 'call', [CONSTRUCT]: 'construct', [READ]: 'read' };

function convert<T>(raw: RawRef, dropFirst: boolean, module: string | null): TrackedRef<T> {
  const path = (dropFirst ? raw.path.slice(1) : raw.path).filter((p) => p !== 'default');
  return { node: raw.node, path, type: TYPE_OF[raw.type] ?? 'read', info: raw.info as T, module };
}

const stripNode = (m: string): string => (m.startsWith('node:') ? m.slice(5) : m);

/** The value `require(m)` returns: the namespace and the default export at once (CJS interop). */
function cjsShape<T>(exports: ExportTrace<T>): ExportTrace<T> {
  const def = exports['default'];
  return def ? { ...exports, ...def, default: def } : exports;
}

function withNodePrefix<T>(modules: Record<string, ExportTrace<T>>): Record<string, ExportTrace<T>> {
  const out: Record<string, ExportTrace<T>> = {};
  for (const [name, trace] of Object.entries(modules)) {
    out[name] = trace;
    if (!name.startsWith('node:') && isBuiltin(name)) out[`node:${name}`] = trace;
  }
  return out;
}

/**
 * References to the exports of the given modules, however the file imports them: ESM (default,
 * named, namespace, aliases), `require` (plain, destructured, `.default`), `import x = require()`,
 * with or without the `node:` prefix for built-ins.
 */
export function trackModules<T>(host: TrackerHost, modules: Record<string, ExportTrace<T>>): TrackedRef<T>[] {
  const s = state(host);
  if (!s) return [];
  const map = withNodePrefix(modules);
  const out: TrackedRef<T>[] = [];
  // ESM. With the ESM marker, the tracker maps default imports to the `default` key and namespace
  // imports to the whole map.
  const esm: Record<string, object> = {};
  let hasImports = false;
  for (const stmt of host.ast.body) {
    if (stmt.type === 'ImportDeclaration' && Object.hasOwn(map, stmt.source.value)) hasImports = true;
  }
  if (hasImports) {
    for (const [name, trace] of Object.entries(map)) esm[name] = { ...trace, [ReferenceTracker.ESM]: true };
    for (const raw of s.tracker.iterateEsmReferences(esm)) {
      if (raw.type === READ && raw.path.length === 1) continue; // the import declaration itself
      out.push(convert(raw, true, stripNode(raw.path[0]!)));
    }
  }
  // CommonJS: `require('m')` through the global (or configured) `require`.
  for (const id of s.globals.get('require') ?? []) {
    const call = id.parent;
    if (call?.type !== 'CallExpression' || call.callee !== id || call.arguments.length !== 1) continue;
    const arg = call.arguments[0]!;
    const source = arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : staticString(host.scopeManager, arg);
    if (source === null || !Object.hasOwn(map, source)) continue;
    const trace = cjsShape(map[source]!);
    const module = stripNode(source);
    if (trace[READ] !== undefined) out.push({ node: call, path: [], type: 'read', info: trace[READ], module });
    for (const raw of s.tracker.iteratePropertyReferences(call, trace)) out.push(convert(raw, false, module));
  }
  // TypeScript: `import x = require('m')`.
  for (const stmt of host.ast.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (decl?.type !== 'TSImportEqualsDeclaration' || decl.moduleReference.type !== 'TSExternalModuleReference') continue;
    const expr = decl.moduleReference.expression;
    if (expr.type !== 'Literal' || typeof expr.value !== 'string' || !Object.hasOwn(map, expr.value)) continue;
    const trace = cjsShape(map[expr.value]!);
    const module = stripNode(expr.value);
    for (const variable of host.scopeManager!.getDeclaredVariables(decl)) {
      for (const ref of variable.references) {
        if (!ref.isRead()) continue;
        for (const raw of s.tracker.iteratePropertyReferences(ref.identifier, trace)) out.push(convert(raw, false, module));
      }
    }
  }
  return out;
}

/**
 * References to globals (`fetch`, `$fetch`) and to the same names read from the global object
 * (`globalThis.fetch`, `window.fetch`). A local declaration or parameter with the same name shadows
 * the global and is not reported.
 */
export function trackGlobals<T>(host: TrackerHost, globals: Record<string, ExportTrace<T>>): TrackedRef<T>[] {
  const s = state(host);
  if (!s) return [];
  const out: TrackedRef<T>[] = [];
  for (const [name, trace] of Object.entries(globals)) {
    for (const id of s.globals.get(name) ?? []) {
      if (trace[READ] !== undefined) out.push({ node: id, path: [name], type: 'read', info: trace[READ], module: null });
      for (const raw of s.tracker.iteratePropertyReferences(id, trace)) {
        out.push({ ...convert<T>(raw, false, null), path: [name, ...raw.path] });
      }
    }
  }
  for (const objectName of ['globalThis', 'global', 'window', 'self']) {
    for (const id of s.globals.get(objectName) ?? []) {
      for (const raw of s.tracker.iteratePropertyReferences(id, globals)) out.push(convert(raw, false, null));
    }
  }
  return out;
}

/**
 * References through a value: `node` is an expression (typically `axios.create()`), and `trace`
 * describes its properties. Follows `const api = node`, destructuring and aliases.
 */
export function trackValue<T>(host: TrackerHost, node: Node, trace: ExportTrace<T>): TrackedRef<T>[] {
  const s = state(host);
  if (!s) return [];
  const out: TrackedRef<T>[] = [];
  for (const raw of s.tracker.iteratePropertyReferences(node, trace)) out.push(convert(raw, false, null));
  return out;
}

/**
 * Every binding imported from a module whose specifier satisfies `matches` (ESM imports and
 * `require` calls), e.g. the project's own policy module, whose export names are not known ahead.
 */
export function importBindings(host: TrackerHost, matches: (source: string) => boolean): ImportBinding[] {
  const out: ImportBinding[] = [];
  const sm = host.scopeManager;
  const declared = (spec: Node): TSESLint.Scope.Variable | null => sm?.getDeclaredVariables(spec)[0] ?? null;
  for (const stmt of host.ast.body) {
    if (stmt.type !== 'ImportDeclaration' || stmt.importKind === 'type' || !matches(stmt.source.value)) continue;
    for (const spec of stmt.specifiers) {
      if (spec.type === 'ImportSpecifier' && spec.importKind === 'type') continue;
      const imported =
        spec.type === 'ImportDefaultSpecifier'
          ? 'default'
          : spec.type === 'ImportNamespaceSpecifier'
            ? '*'
            : spec.imported.type === 'Identifier'
              ? spec.imported.name
              : String(spec.imported.value);
      out.push({ source: stmt.source.value, imported, local: spec.local, variable: declared(spec), node: spec });
    }
  }
  const s = state(host);
  for (const id of s?.globals.get('require') ?? []) {
    const call = id.parent;
    if (call?.type !== 'CallExpression' || call.callee !== id) continue;
    const arg = call.arguments[0];
    const source = arg ? staticString(sm, arg) : null;
    if (source === null || !matches(source)) continue;
    const parent = call.parent;
    if (parent?.type === 'VariableDeclarator' && parent.init === call) {
      if (parent.id.type === 'Identifier') {
        out.push({ source, imported: '*', local: parent.id, variable: variableDeclaredBy(sm, parent, parent.id), node: call });
      } else if (parent.id.type === 'ObjectPattern') {
        for (const prop of parent.id.properties) {
          if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') continue;
          const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
          if (value.type !== 'Identifier') continue;
          out.push({ source, imported: prop.key.name, local: value, variable: variableDeclaredBy(sm, parent, value), node: prop });
        }
      }
    } else if (parent?.type === 'MemberExpression' && parent.object === call && !parent.computed && parent.property.type === 'Identifier') {
      const decl = parent.parent;
      const local = decl?.type === 'VariableDeclarator' && decl.init === parent && decl.id.type === 'Identifier' ? decl.id : null;
      out.push({
        source,
        imported: parent.property.name,
        local,
        variable: local && decl?.type === 'VariableDeclarator' ? variableDeclaredBy(sm, decl, local) : null,
        node: parent,
      });
    }
  }
  return out;
}

function variableDeclaredBy(
  sm: TSESLint.Scope.ScopeManager | null,
  declarator: TSESTree.VariableDeclarator,
  id: TSESTree.Identifier,
): TSESLint.Scope.Variable | null {
  if (!sm) return null;
  return sm.getDeclaredVariables(declarator).find((v) => v.identifiers.includes(id)) ?? null;
}
