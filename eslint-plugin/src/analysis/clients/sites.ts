// Finds the request call sites of every client in a file: the module and global references from
// the trace maps, the instances their factories create (followed through variables, class fields
// and `this.x` members, and nested `extend`s), declared clients from settings, and module-level
// default assignments (`axios.defaults.timeout = 5000`).
import * as path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { outermostWrapper, propertyKey, walk } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { CALL, importBindings, trackGlobals, trackModules, trackValue, type ExportTrace, type TrackedRef } from '../imports.js';
import { guardIndex } from '../policies.js';
import { optionsOf, type OptionsView } from '../options.js';
import type { ClientId } from '../types.js';
import { baseHostOf } from '../url.js';
import { checkerInstances } from './checker.js';
import { globalTraces, INSTANCE_TYPES, instanceTrace, moduleTraces, traceForKind, withReads, type CallLeaf, type Leaf } from './traces.js';

type Node = TSESTree.Node;

/** A client instance (axios.create, got.extend, ky.create, new undici.Client, …) or a declared client. */
export interface InstanceInfo {
  client: ClientId;
  /** The variable or member it is stored in (`api`, `this.http` → `http`), if any. */
  name: string | null;
  /** The factory call (or the declaration of a declared client). */
  node: Node;
  /** The object literal of its own defaults, when inline or a const. */
  options?: TSESTree.ObjectExpression;
  /** Defaults, nearest first: its own, then those of the instance it extends. */
  layers: OptionsView[];
  /** Host of the base URL (axios baseURL, got/ky prefixUrl, ofetch baseURL, undici origin). */
  baseHost: string | null;
  /** `instance.defaults.timeout = …` assignments in the file. */
  assigned: Map<'timeout' | 'baseURL', Node>;
  /** The name a declared client was declared under. */
  declaredAs?: string;
  /** Created in another module (a parameter or field typed `AxiosInstance`, …): its defaults are not visible here. */
  external?: boolean;
}

export interface CallSite {
  client: ClientId;
  leaf: CallLeaf;
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  instance: InstanceInfo | null;
  /** A guard the call goes through by construction: `fetchWith(policy)(…)`, `new CircuitBreaker(fetch).fire(…)`. */
  guardedBy?: Node;
}

export interface SiteCollection {
  sites: CallSite[];
  /** Module-level defaults of a client's default export (`axios.defaults.timeout = 5000`). */
  moduleDefaults: Map<ClientId, Map<'timeout' | 'baseURL', Node>>;
}

let cachedModuleTraces: Record<string, ExportTrace<Leaf>> | null = null;
let cachedGlobalTraces: Record<string, ExportTrace<Leaf>> | null = null;

export function collectSites(ctx: AnalysisContext): SiteCollection {
  cachedModuleTraces ??= withReads(moduleTraces());
  cachedGlobalTraces ??= withReads(globalTraces());
  const out: SiteCollection = { sites: [], moduleDefaults: new Map() };
  const seen = new Set<Node>();
  const host = ctx.source;

  const process = (refs: Iterable<TrackedRef<Leaf>>, instance: InstanceInfo | null, depth: number): void => {
    for (const ref of refs) {
      const leaf = ref.info;
      if (leaf.role === 'call' && ref.type === 'read') {
        // `new CircuitBreaker(axios.get)`: the requests are made by `breaker.fire(...)`.
        const outer = outermostWrapper(ref.node);
        const p = outer.parent;
        if (p?.type === 'NewExpression' && p.arguments[0] === outer && (guardIndex(ctx).factories.get(p) as { lib?: string } | undefined)?.lib === 'opossum') {
          for (const fire of trackValue<Leaf>(host, p, { fire: { [CALL]: leaf } })) {
            if (fire.type !== 'call' || seen.has(fire.node)) continue;
            seen.add(fire.node);
            out.sites.push({ client: leaf.client, leaf, node: fire.node as TSESTree.CallExpression, instance, guardedBy: p });
          }
        }
        continue;
      }
      if (leaf.role === 'call') {
        if ((ref.type !== 'call' && ref.type !== 'construct') || seen.has(ref.node)) continue;
        seen.add(ref.node);
        out.sites.push({ client: leaf.client, leaf, node: ref.node as TSESTree.CallExpression, instance });
      } else if (leaf.role === 'factory') {
        if ((ref.type !== 'call' && ref.type !== 'construct') || depth > 4) continue;
        const created = makeInstance(ctx, ref.node as TSESTree.CallExpression | TSESTree.NewExpression, leaf.client, leaf.optionsArg, leaf.originArg, instance);
        const trace = instanceTrace(leaf.client);
        process(trackValue(host, ref.node, trace), created, depth + 1);
        process(memberRefs(ctx, ref.node, trace), created, depth + 1);
      } else if (leaf.role === 'defaults') {
        const assignment = ref.node.parent;
        if (assignment?.type !== 'AssignmentExpression' || assignment.left !== ref.node || assignment.operator !== '=') continue;
        const target = instance?.assigned ?? defaultsFor(out, leaf.client);
        target.set(leaf.option, assignment.right);
      }
    }
  };

  process(trackModules(host, cachedModuleTraces), null, 0);
  process(trackGlobals(host, cachedGlobalTraces), null, 0);
  for (const typed of typedInstances(ctx)) process(typed.refs, typed.instance, 1);
  for (const typed of checkerInstances(ctx)) process(typed.refs, typed.instance, 1);
  for (const declared of ctx.config.clients) {
    const trace = traceForKind(declared.kind);
    for (const name of declared.names) {
      const pseudo = (node: Node): InstanceInfo => ({
        client: declared.kind,
        name,
        node,
        layers: [],
        baseHost: null,
        assigned: new Map(),
        declaredAs: name,
      });
      if (declared.from === 'package' && declared.package) {
        const exportTrace: ExportTrace<Leaf> = name === 'default' ? { default: trace } : { [name]: trace };
        const refs = trackModules(host, { [declared.package]: exportTrace });
        for (const ref of refs) process([ref], pseudo(ref.node), 0);
      } else if (declared.from === 'lib') {
        for (const ref of trackGlobals(host, { [name]: trace })) process([ref], pseudo(ref.node), 0);
      } else {
        for (const id of declaredFileBindings(ctx, name, declared.path)) {
          process(trackValue(host, id, trace), pseudo(id), 0);
        }
      }
    }
  }
  return out;
}

/**
 * Values annotated with a client's instance type — `(api: AxiosInstance) => api.get(…)`,
 * `constructor(private http: Got)`, `private client: KyInstance` — read syntactically from the type
 * annotation, so no type checker is needed.
 */
function typedInstances(ctx: AnalysisContext): Array<{ refs: TrackedRef<Leaf>[]; instance: InstanceInfo }> {
  const out: Array<{ refs: TrackedRef<Leaf>[]; instance: InstanceInfo }> = [];
  const sm = ctx.source.scopeManager;
  if (!sm) return out;
  for (const stmt of ctx.source.ast.body) {
    if (stmt.type !== 'ImportDeclaration') continue;
    const types = INSTANCE_TYPES[stmt.source.value];
    if (!types) continue;
    for (const spec of stmt.specifiers) {
      const variable = sm.getDeclaredVariables(spec)[0];
      if (!variable) continue;
      for (const ref of variable.references) {
        const id = ref.identifier;
        let client: ClientId | undefined;
        let typeRef: Node | undefined;
        if (spec.type === 'ImportSpecifier') {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
          client = types[imported];
          typeRef = id.parent?.type === 'TSTypeReference' ? id.parent : undefined;
        } else if (id.parent?.type === 'TSQualifiedName' && id.parent.left === id && id.parent.parent?.type === 'TSTypeReference') {
          client = types[id.parent.right.name]; // axios.AxiosInstance
          typeRef = id.parent.parent;
        }
        if (!client || !typeRef) continue;
        const annotated = typeRef.parent?.type === 'TSTypeAnnotation' ? typeRef.parent.parent : undefined;
        if (!annotated) continue;
        const trace = instanceTrace(client);
        const make = (name: string): InstanceInfo => ({ client: client!, name, node: annotated, layers: [], baseHost: null, assigned: new Map(), external: true });
        if (annotated.type === 'Identifier') {
          const refs: TrackedRef<Leaf>[] = [];
          const v = sm.getDeclaredVariables(annotated.parent as Node).find((d) => d.identifiers.includes(annotated)) ?? variableOfDeclaration(sm, annotated);
          for (const r of v?.references ?? []) if (r.isRead()) refs.push(...trackValue(ctx.source, r.identifier, trace));
          if (annotated.parent?.type === 'TSParameterProperty') refs.push(...classMemberRefs(ctx, annotated.parent, annotated.name, trace));
          out.push({ refs, instance: make(annotated.name) });
        } else if (annotated.type === 'PropertyDefinition' && !annotated.static) {
          const key = propertyKey(annotated);
          if (key) out.push({ refs: classMemberRefs(ctx, annotated, key, trace), instance: make(key) });
        }
      }
    }
  }
  return out;
}

function variableOfDeclaration(sm: NonNullable<AnalysisContext['source']['scopeManager']>, id: TSESTree.Identifier): ReturnType<typeof sm.getDeclaredVariables>[number] | undefined {
  for (let n: Node | undefined = id.parent; n; n = n.parent) {
    const found = sm.getDeclaredVariables(n).find((d) => d.identifiers.includes(id));
    if (found) return found;
    if (n.type.includes('Function')) break;
  }
  return undefined;
}

/** `this.<key>` reads in the class that declares `member`. */
function classMemberRefs(ctx: AnalysisContext, member: Node, key: string, trace: ExportTrace<Leaf>): TrackedRef<Leaf>[] {
  for (let n: Node | undefined = member.parent; n; n = n.parent) {
    if (n.type === 'ClassBody') return n.parent ? thisMemberRefs(ctx, n.parent, key, trace) : [];
  }
  return [];
}

function defaultsFor(out: SiteCollection, client: ClientId): Map<'timeout' | 'baseURL', Node> {
  let m = out.moduleDefaults.get(client);
  if (!m) out.moduleDefaults.set(client, (m = new Map()));
  return m;
}

function makeInstance(
  ctx: AnalysisContext,
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  client: ClientId,
  optionsArg: number,
  originArg: number | undefined,
  parent: InstanceInfo | null,
): InstanceInfo {
  const sm = ctx.source.scopeManager;
  const arg = optionsArg >= 0 ? node.arguments[optionsArg] : undefined;
  const own = arg ? optionsOf(sm, arg, optionsArg) : null;
  const layers = own ? [own, ...(parent?.layers ?? [])] : [...(parent?.layers ?? [])];
  let baseHost: string | null = null;
  if (originArg !== undefined && node.arguments[originArg]) baseHost = baseHostOf(sm, node.arguments[originArg]!);
  if (!baseHost && own) {
    for (const key of ['baseURL', 'prefixUrl', 'prefix', 'baseUrl']) {
      const l = own.get(key);
      if (l.kind === 'found') {
        baseHost = baseHostOf(sm, l.value);
        break;
      }
    }
  }
  const info: InstanceInfo = {
    client,
    name: bindingName(node),
    node,
    layers,
    baseHost: baseHost ?? parent?.baseHost ?? null,
    assigned: new Map(),
  };
  if (own?.info.object) info.options = own.info.object;
  return info;
}

/** The name a created value is stored under: `const api = …`, `this.api = …`, `api = …` (class field), `{ api: … }`. */
export function bindingName(node: Node): string | null {
  const outer = outermostWrapper(node);
  const p = outer.parent;
  if (!p) return null;
  if (p.type === 'VariableDeclarator' && p.init === outer && p.id.type === 'Identifier') return p.id.name;
  if (p.type === 'AssignmentExpression' && p.right === outer) {
    if (p.left.type === 'Identifier') return p.left.name;
    if (p.left.type === 'MemberExpression' && !p.left.computed && p.left.property.type === 'Identifier') return p.left.property.name;
  }
  if ((p.type === 'PropertyDefinition' || p.type === 'Property') && p.value === outer) return propertyKey(p);
  if (p.type === 'AwaitExpression') return bindingName(p);
  return null;
}

/**
 * `this.x` reads inside the class when the value is stored in a class field (`http = axios.create()`)
 * or assigned to `this.x` in the constructor; the tracker itself follows variables only.
 */
function memberRefs(ctx: AnalysisContext, node: Node, trace: ExportTrace<Leaf>): TrackedRef<Leaf>[] {
  const outer = outermostWrapper(node);
  const p = outer.parent;
  let key: string | null = null;
  let classNode: Node | null = null;
  if (p?.type === 'PropertyDefinition' && p.value === outer && !p.static) {
    key = propertyKey(p);
    classNode = p.parent?.parent ?? null;
  } else if (p?.type === 'AssignmentExpression' && p.right === outer && p.left.type === 'MemberExpression' && p.left.object.type === 'ThisExpression') {
    key = p.left.computed ? null : p.left.property.type === 'Identifier' ? p.left.property.name : null;
    for (let n: Node | undefined = p.parent; n; n = n.parent) {
      if (n.type === 'ClassBody') {
        classNode = n.parent ?? null;
        break;
      }
    }
  }
  if (!key || !classNode) return [];
  return thisMemberRefs(ctx, classNode, key, trace);
}

/** Tracks `this.<key>` reads in a class body through `trace`. */
export function thisMemberRefs(ctx: AnalysisContext, classNode: Node, key: string, trace: ExportTrace<Leaf>): TrackedRef<Leaf>[] {
  const out: TrackedRef<Leaf>[] = [];
  walk(classNode, (n) => {
    if (n.type === 'MemberExpression' && n.object.type === 'ThisExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === key) {
      const parent = n.parent;
      if (parent?.type === 'AssignmentExpression' && parent.left === n) return false;
      out.push(...trackValue(ctx.source, n, trace));
      return false;
    }
    return undefined;
  });
  return out;
}

/**
 * Identifiers bound to a client declared `from: 'file'`: an import of `name` from a relative module
 * (whose resolved path ends with `declaredPath`, when given), or a module-level declaration of `name`
 * in this very file (when the file matches `declaredPath`, or no path is given).
 */
function declaredFileBindings(ctx: AnalysisContext, name: string, declaredPath: string | undefined): TSESTree.Identifier[] {
  const out: TSESTree.Identifier[] = [];
  const wanted = declaredPath ? stripExt(declaredPath.replace(/\\/g, '/')).replace(/^\.?\//, '') : null;
  const file = ctx.filePath ? ctx.filePath.replace(/\\/g, '/') : null;
  const bindings = importBindings(ctx.source, (source) => source.startsWith('.') || source.startsWith('/'));
  for (const b of bindings) {
    if (b.imported !== name || !b.variable) continue;
    if (wanted) {
      if (!file) continue;
      const resolved = stripExt(path.posix.join(path.posix.dirname(file), b.source)).replace(/\/index$/, '');
      if (!resolved.endsWith(wanted) && !resolved.endsWith(wanted.replace(/\/index$/, ''))) continue;
    }
    for (const ref of b.variable.references) if (ref.isRead() && ref.identifier.type === 'Identifier') out.push(ref.identifier);
  }
  if (!wanted || (file && stripExt(file).endsWith(wanted))) {
    const sm = ctx.source.scopeManager;
    const moduleScope = sm?.globalScope?.childScopes.find((s) => s.type === 'module') ?? sm?.globalScope;
    const variable = moduleScope?.set.get(name);
    if (variable && variable.defs.length > 0 && variable.defs.every((d) => d.type !== 'ImportBinding')) {
      for (const ref of variable.references) {
        if (ref.isRead() && ref.identifier.type === 'Identifier') out.push(ref.identifier);
      }
    }
  }
  return out;
}

const stripExt = (p: string): string => p.replace(/\.[cm]?[jt]sx?$/, '');

