// Guard objects: values that protect the work passed to them — Breakwater runtime policies
// (`policy`, `circuitBreaker`, `bulkhead`, `timeout`, `deadline`, `retry`, `compose`, and the
// project's policy module), cockatiel policies (`circuitBreaker`, `bulkhead`, `timeout`, `retry`,
// `wrap`), opossum breakers (`new CircuitBreaker(fn)`), p-limit limiters, p-map with a concurrency,
// and wrappers declared in settings.breakwater. Exported for the retry finder too.
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, propertyKey, resolveValue, staticNumber, staticValue, unwrap, variableOf, walk } from './ast.js';
import type { AnalysisContext } from './context.js';
import { CALL, CONSTRUCT, importBindings, trackGlobals, trackModules, type ExportTrace, type ImportBinding } from './imports.js';
import { lookupIn } from './options.js';
import { policyModuleExport, type ModuleValue } from './policy-module.js';
import { isPolicyModule } from './settings.js';
import type { GuardKind } from './types.js';

type Node = TSESTree.Node;

/** What a guard object provides to the work it runs. */
export interface GuardObject {
  kind: GuardKind;
  /** For messages: "Breakwater policy 'payments'", "opossum circuit breaker", … */
  label: string;
  /** The expression that creates it (`policy(...)`, `new CircuitBreaker(...)`, the import binding). */
  node: Node;
  /** A timeout that bounds the work (`ms` null when not static); null when it provides none. */
  timeout: { ms: number | null; node: Node } | null;
  breaker: boolean;
  bulkhead: boolean;
  /** A bulkhead's concurrency limit, when static. */
  bulkheadLimit?: number | null;
  retry: boolean;
  /**
   * Set for a policy imported from the project's policy module: `module` is its declaration there
   * (read from disk), or null when that could not be read and the runtime's defaults are assumed.
   * Nodes of another file never leave this field: the guard's own nodes are in the importing file.
   */
  imported?: { module: ModuleValue | null };
  /** Retry options, when the guard retries (Breakwater `retry({...})`, policy `retry: {...}`, cockatiel `retry(...)`). */
  retryOptions?: Node;
}

/** The role a factory reference plays. */
type Factory =
  | { lib: 'breakwater'; fn: 'policy' | 'circuitBreaker' | 'bulkhead' | 'timeout' | 'deadline' | 'retry' | 'compose' | 'fetchWith' }
  | { lib: 'cockatiel'; fn: 'circuitBreaker' | 'bulkhead' | 'timeout' | 'retry' | 'wrap' }
  | { lib: 'opossum' }
  | { lib: 'p-limit'; fn: 'pLimit' | 'limitFunction' }
  | { lib: 'p-map' }
  | { lib: 'declared'; provides: Set<'timeout' | 'retry' | 'breaker' | 'bulkhead'>; name: string };

export const BREAKWATER_RUNTIME = '@breakwater/runtime';

/** The runtime copied into a project by `breakwater fix --runtime vendor` (`breakwater-runtime.ts`), imported by a relative path. */
const isVendoredRuntime = (source: string): boolean => /(^|\/)breakwater-runtime(\.[cm]?[jt]s)?$/.test(source);

function traces(): Record<string, ExportTrace<Factory>> {
  const bw = (fn: Extract<Factory, { lib: 'breakwater' }>['fn']): ExportTrace<Factory> => ({ [CALL]: { lib: 'breakwater', fn } });
  const bwNew = (fn: Extract<Factory, { lib: 'breakwater' }>['fn']): ExportTrace<Factory> => ({ [CONSTRUCT]: { lib: 'breakwater', fn } });
  const breakwater: ExportTrace<Factory> = {
    CircuitBreaker: bwNew('circuitBreaker'),
    Bulkhead: bwNew('bulkhead'),
    Timeout: bwNew('timeout'),
    Deadline: bwNew('deadline'),
    Retry: bwNew('retry'),
    policy: bw('policy'),
    circuitBreaker: bw('circuitBreaker'),
    bulkhead: bw('bulkhead'),
    timeout: bw('timeout'),
    deadline: bw('deadline'),
    retry: bw('retry'),
    compose: bw('compose'),
    fetchWith: bw('fetchWith'),
  };
  const ck = (fn: Extract<Factory, { lib: 'cockatiel' }>['fn']): ExportTrace<Factory> => ({ [CALL]: { lib: 'cockatiel', fn } });
  const cockatiel: ExportTrace<Factory> = {
    circuitBreaker: ck('circuitBreaker'),
    bulkhead: ck('bulkhead'),
    timeout: ck('timeout'),
    retry: ck('retry'),
    wrap: ck('wrap'),
    Policy: { wrap: ck('wrap'), timeout: ck('timeout'), bulkhead: ck('bulkhead') },
  };
  const opossum: ExportTrace<Factory> = { [CONSTRUCT]: { lib: 'opossum' }, [CALL]: { lib: 'opossum' } };
  const pLimit: ExportTrace<Factory> = { [CALL]: { lib: 'p-limit', fn: 'pLimit' } };
  return {
    [BREAKWATER_RUNTIME]: { ...breakwater, default: breakwater },
    cockatiel,
    opossum: { default: opossum, CircuitBreaker: opossum },
    'p-limit': { default: pLimit, pLimit, limitFunction: { [CALL]: { lib: 'p-limit', fn: 'limitFunction' } } },
    'p-map': { default: { [CALL]: { lib: 'p-map' } }, pMap: { [CALL]: { lib: 'p-map' } } },
  };
}

let cachedTraces: Record<string, ExportTrace<Factory>> | null = null;

export interface GuardIndex {
  /** Factory calls (`policy(...)`, `new CircuitBreaker(...)`, `pLimit(5)`, …) and what they are. */
  factories: Map<Node, Factory>;
  /** Bindings imported from the project's policy module. */
  policyImports: ImportBinding[];
  /** Calls of declared wrappers. */
  declaredCalls: Map<Node, Factory>;
}

const indexes = new WeakMap<AnalysisContext, GuardIndex>();

/** Finds every guard factory in the file once (memoised per analysis context). */
export function guardIndex(ctx: AnalysisContext): GuardIndex {
  let idx = indexes.get(ctx);
  if (idx) return idx;
  cachedTraces ??= traces();
  idx = { factories: new Map(), policyImports: [], declaredCalls: new Map() };
  let moduleTraces = cachedTraces;
  const vendored = new Set(importBindings(ctx.source, isVendoredRuntime).map((b) => b.source));
  if (vendored.size > 0) {
    moduleTraces = { ...cachedTraces };
    for (const source of vendored) moduleTraces[source] = cachedTraces[BREAKWATER_RUNTIME]!;
  }
  for (const ref of trackModules(ctx.source, moduleTraces)) {
    if (ref.type === 'call' || ref.type === 'construct') idx.factories.set(ref.node, ref.info);
  }
  idx.policyImports = importBindings(ctx.source, (s) => isPolicyModule(s, ctx.config.policyModules));
  for (const w of ctx.config.wrappers) {
    for (const name of w.names) {
      const info: Factory = { lib: 'declared', provides: w.provides, name };
      const trace: ExportTrace<Factory> = { [CALL]: info, execute: { [CALL]: info }, run: { [CALL]: info }, wrap: { [CALL]: info } };
      const refs =
        w.from === 'package' && w.package
          ? trackModules(ctx.source, { [w.package]: name === 'default' ? { default: trace } : { [name]: trace } })
          : w.from === 'lib'
            ? trackGlobals(ctx.source, { [name]: trace })
            : declaredFileCalls(ctx, name);
      for (const ref of refs) if (ref.type === 'call') idx.declaredCalls.set(ref.node, info);
    }
  }
  indexes.set(ctx, idx);
  return idx;
}

/** Calls of a wrapper declared `from: 'file'`: a module-level function of that name, or an import of it from a relative module. */
function declaredFileCalls(ctx: AnalysisContext, name: string): Array<{ node: Node; type: string }> {
  const out: Array<{ node: Node; type: string }> = [];
  const ids: TSESTree.Identifier[] = [];
  for (const b of importBindings(ctx.source, (s) => s.startsWith('.') || s.startsWith('/'))) {
    if (b.imported === name && b.variable) for (const r of b.variable.references) if (r.identifier.type === 'Identifier') ids.push(r.identifier);
  }
  const sm = ctx.source.scopeManager;
  const moduleScope = sm?.globalScope?.childScopes.find((s) => s.type === 'module') ?? sm?.globalScope;
  const local = moduleScope?.set.get(name);
  if (local && local.defs.every((d) => d.type !== 'ImportBinding')) for (const r of local.references) if (r.identifier.type === 'Identifier') ids.push(r.identifier);
  for (const id of ids) {
    const p = id.parent;
    if (p?.type === 'CallExpression' && p.callee === id) out.push({ node: p, type: 'call' });
    if (p?.type === 'MemberExpression' && p.object === id && ['execute', 'run', 'wrap'].includes(memberName(p) ?? '') && p.parent?.type === 'CallExpression' && p.parent.callee === p) {
      out.push({ node: p.parent, type: 'call' });
    }
  }
  return out;
}

function label(kind: GuardKind, what: string): string {
  return kind === 'breakwater' ? `Breakwater ${what}` : `${kind} ${what}`;
}

/** What a factory call creates. */
function fromFactory(ctx: AnalysisContext, node: Node, f: Factory, depth: number): GuardObject | null {
  const sm = ctx.source.scopeManager;
  const call = node as TSESTree.CallExpression | TSESTree.NewExpression;
  const args = call.arguments;
  const none = { timeout: null, breaker: false, bulkhead: false, retry: false };
  switch (f.lib) {
    case 'breakwater': {
      switch (f.fn) {
        case 'policy': {
          const name = args[0] ? staticValue(sm, args[0]) : null;
          const title = `policy '${typeof name?.value === 'string' ? name.value : '?'}'`;
          const cfg = args[1] ? resolveValue(sm, args[1]) : null;
          if (!cfg || cfg.type !== 'ObjectExpression') {
            // `policy('payments')` returns a policy configured elsewhere (or one with the defaults).
            return { kind: 'breakwater', label: label('breakwater', title), node, timeout: { ms: null, node }, breaker: true, bulkhead: false, retry: true };
          }
          return { kind: 'breakwater', label: label('breakwater', title), node, ...policyConfig(ctx, node, cfg) };
        }
        case 'circuitBreaker':
          return { kind: 'breakwater', label: label('breakwater', 'circuit breaker'), node, ...none, breaker: true };
        case 'bulkhead':
          return { kind: 'breakwater', label: label('breakwater', 'bulkhead'), node, ...none, bulkhead: true, bulkheadLimit: args[0] ? staticNumber(sm, args[0]) : null };
        case 'timeout':
        case 'deadline':
          return { kind: 'breakwater', label: label('breakwater', f.fn), node, ...none, timeout: { ms: args[0] ? staticNumber(sm, args[0]) : null, node } };
        case 'retry': {
          const g: GuardObject = { kind: 'breakwater', label: label('breakwater', 'retry'), node, ...none, retry: true };
          if (args[0]) g.retryOptions = args[0];
          return g;
        }
        case 'compose':
          return combine(ctx, 'breakwater', 'composed policy', node, args, depth);
        case 'fetchWith':
          return args[0] ? resolveGuard(ctx, args[0], depth + 1) : null;
      }
      return null;
    }
    case 'cockatiel': {
      switch (f.fn) {
        case 'circuitBreaker':
          return { kind: 'cockatiel', label: 'cockatiel circuit breaker', node, ...none, breaker: true };
        case 'bulkhead':
          return { kind: 'cockatiel', label: 'cockatiel bulkhead', node, ...none, bulkhead: true, bulkheadLimit: args[0] ? staticNumber(sm, args[0]) : null };
        case 'timeout':
          return { kind: 'cockatiel', label: 'cockatiel timeout', node, ...none, timeout: { ms: args[0] ? staticNumber(sm, args[0]) : null, node } };
        case 'retry': {
          const g: GuardObject = { kind: 'cockatiel', label: 'cockatiel retry policy', node, ...none, retry: true };
          if (args[1]) g.retryOptions = args[1];
          return g;
        }
        case 'wrap':
          return combine(ctx, 'cockatiel', 'wrapped policy', node, args, depth);
      }
      return null;
    }
    case 'opossum': {
      // Opossum rejects fire() after `timeout` ms (10 s by default; `timeout: false` turns it off).
      const opts = args[1] ? resolveValue(sm, args[1]) : null;
      let timeout: GuardObject['timeout'] = { ms: 10_000, node };
      if (opts?.type === 'ObjectExpression') {
        const t = lookupIn(sm, opts, 'timeout');
        if (t.kind === 'found') {
          const v = staticValue(sm, t.value);
          timeout = v?.value === false || v?.value === 0 ? null : { ms: typeof v?.value === 'number' ? v.value : null, node: t.value };
        }
      }
      return { kind: 'opossum', label: 'opossum circuit breaker', node, ...none, breaker: true, timeout };
    }
    case 'p-limit':
      return { kind: 'p-limit', label: f.fn === 'pLimit' ? 'p-limit' : 'p-limit limitFunction', node, ...none, bulkhead: true, bulkheadLimit: f.fn === 'pLimit' && args[0] ? staticNumber(sm, args[0]) : null };
    case 'p-map':
      return { kind: 'p-map', label: 'p-map', node, ...none, bulkhead: true };
    case 'declared':
      return {
        kind: 'declared',
        label: `${f.name} (declared wrapper)`,
        node,
        timeout: f.provides.has('timeout') ? { ms: null, node } : null,
        breaker: f.provides.has('breaker'),
        bulkhead: f.provides.has('bulkhead'),
        retry: f.provides.has('retry'),
      };
  }
}

function combine(ctx: AnalysisContext, kind: GuardKind, what: string, node: Node, parts: readonly Node[], depth: number): GuardObject {
  const g: GuardObject = { kind, label: kind === 'breakwater' ? `Breakwater ${what}` : `${kind} ${what}`, node, timeout: null, breaker: false, bulkhead: false, retry: false };
  for (const p of parts) {
    const inner = p.type === 'SpreadElement' ? null : resolveGuard(ctx, p, depth + 1);
    if (!inner) continue;
    g.breaker ||= inner.breaker;
    g.bulkhead ||= inner.bulkhead;
    g.retry ||= inner.retry;
    if (inner.retryOptions && !g.retryOptions) g.retryOptions = inner.retryOptions;
    if (inner.timeout && (!g.timeout || (inner.timeout.ms !== null && (g.timeout.ms === null || inner.timeout.ms < g.timeout.ms)))) g.timeout = inner.timeout;
  }
  return g;
}

type PolicyConfig = Pick<GuardObject, 'timeout' | 'breaker' | 'bulkhead' | 'bulkheadLimit' | 'retry' | 'retryOptions'>;

/**
 * `policy(name, { timeoutMs, retry, breaker, bulkhead })` as the runtime reads it: a 10 s timeout,
 * retry and breaker on, no bulkhead by default; `false` (or `null`, `0`) turns one off; a bulkhead is
 * a limit or `{ limit, queue }`. A value hidden behind a spread keeps the default (the timeout: unknown ms).
 */
function policyConfig(ctx: AnalysisContext, node: Node, cfg: TSESTree.ObjectExpression): PolicyConfig {
  const sm = ctx.source.scopeManager;
  const off = (v: Node): boolean => {
    const st = staticValue(sm, v);
    return !!st && (st.value === false || st.value === null || st.value === 0);
  };
  const t = lookupIn(sm, cfg, 'timeoutMs');
  const timeout: PolicyConfig['timeout'] =
    t.kind === 'absent' ? { ms: 10_000, node } : t.kind === 'unknown' ? { ms: null, node } : off(t.value) ? null : { ms: staticNumber(sm, t.value), node: t.value };
  const b = lookupIn(sm, cfg, 'breaker');
  const r = lookupIn(sm, cfg, 'retry');
  const h = lookupIn(sm, cfg, 'bulkhead');
  const config: PolicyConfig = { timeout, breaker: b.kind !== 'found' || !off(b.value), bulkhead: false, retry: r.kind !== 'found' || !off(r.value) };
  if (config.retry && r.kind === 'found') config.retryOptions = r.value;
  if (h.kind === 'found' && !off(h.value)) {
    config.bulkhead = true;
    const v = resolveValue(sm, h.value);
    const limit = v.type === 'ObjectExpression' ? lookupIn(sm, v, 'limit') : null;
    config.bulkheadLimit = limit ? (limit.kind === 'found' ? staticNumber(sm, limit.value) : null) : staticNumber(sm, v);
  }
  return config;
}

/**
 * A policy imported from the project's policy module (`exportName` of it, or `member` of that
 * export): its declaration there when the module can be read, else the runtime's defaults (a
 * timeout of unknown length, retry and breaker on, no bulkhead). The guard's nodes are the import
 * binding: the declaration's nodes belong to another file.
 */
function importedPolicy(ctx: AnalysisContext, binding: ImportBinding, exportName: string, member: string | null, display: string, depth: number): GuardObject {
  const from = `from '${binding.source}'`;
  let value = policyModuleExport(ctx, binding.source, exportName);
  if (value && member !== null) {
    const obj = resolveValue(value.ctx.source.scopeManager, value.expr);
    const l = obj.type === 'ObjectExpression' ? lookupIn(value.ctx.source.scopeManager, obj, member) : null;
    value = l?.kind === 'found' ? { ...value, expr: l.value } : null;
  }
  const declared = value ? resolveGuard(value.ctx, value.expr, depth + 1) : null;
  if (!value || !declared) {
    return {
      kind: 'breakwater',
      label: `Breakwater policy '${display}' ${from}`,
      node: binding.node,
      timeout: { ms: null, node: binding.node },
      breaker: true,
      bulkhead: false,
      retry: true,
      imported: { module: null },
    };
  }
  return {
    kind: declared.kind,
    label: `${declared.label} ${from}`,
    node: binding.node,
    timeout: declared.timeout ? { ms: declared.timeout.ms, node: binding.node } : null,
    breaker: declared.breaker,
    bulkhead: declared.bulkhead,
    bulkheadLimit: declared.bulkheadLimit ?? null,
    retry: declared.retry,
    imported: { module: value },
  };
}

/** What guard (if any) an expression evaluates to: a factory call, a variable holding one, `this.x`, an import from the policy module. */
export function resolveGuard(ctx: AnalysisContext, expr: Node, depth = 0): GuardObject | null {
  if (depth > 6) return null;
  const idx = guardIndex(ctx);
  const sm = ctx.source.scopeManager;
  const n = unwrap(expr);
  const direct = idx.factories.get(n) ?? idx.declaredCalls.get(n);
  if (direct) return fromFactory(ctx, n, direct, depth);
  if (n.type === 'Identifier') {
    const variable = variableOf(sm, n);
    if (variable) {
      const binding = idx.policyImports.find((b) => b.variable === variable);
      // A namespace `require()` of a CJS module is its `module.exports`, as a default import is.
      if (binding) return importedPolicy(ctx, binding, binding.imported === '*' ? 'default' : binding.imported, null, binding.imported === 'default' || binding.imported === '*' ? n.name : binding.imported, depth);
    }
    const init = resolveValue(sm, n);
    if (init !== n) return resolveGuard(ctx, init, depth + 1);
    return null;
  }
  if (n.type === 'MemberExpression') {
    const obj = unwrap(n.object);
    const prop = memberName(n);
    if (obj.type === 'Identifier' && prop) {
      const variable = variableOf(sm, obj);
      const binding = variable ? idx.policyImports.find((b) => b.variable === variable && (b.imported === '*' || b.imported === 'default')) : undefined;
      // `ns.payments` is the module's export `payments`; `defaultExport.payments` a property of its default export.
      if (binding) return importedPolicy(ctx, binding, binding.imported === '*' ? prop : 'default', binding.imported === '*' ? null : prop, prop, depth);
      const init = resolveValue(sm, obj);
      if (init.type === 'ObjectExpression') {
        const l = lookupIn(sm, init, prop);
        if (l.kind === 'found') return resolveGuard(ctx, l.value, depth + 1);
      }
    }
    if (obj.type === 'ThisExpression' && prop) {
      const value = thisMemberValue(n, prop);
      if (value) return resolveGuard(ctx, value, depth + 1);
    }
    return null;
  }
  if (n.type === 'AwaitExpression') return resolveGuard(ctx, n.argument, depth + 1);
  return null;
}

/** The value a class gives `this.<prop>`: a field initialiser or an assignment in the constructor. */
function thisMemberValue(member: Node, prop: string): Node | null {
  let body: TSESTree.ClassBody | null = null;
  for (let p = member.parent; p; p = p.parent) {
    if (p.type === 'ClassBody') {
      body = p;
      break;
    }
  }
  if (!body) return null;
  for (const el of body.body) {
    if (el.type === 'PropertyDefinition' && !el.static && propertyKey(el) === prop && el.value) return el.value;
  }
  let found: Node | null = null;
  for (const el of body.body) {
    if (el.type !== 'MethodDefinition' || el.kind !== 'constructor') continue;
    walk(el.value, (n) => {
      if (found) return false;
      if (
        n.type === 'AssignmentExpression' &&
        n.left.type === 'MemberExpression' &&
        n.left.object.type === 'ThisExpression' &&
        memberName(n.left) === prop
      ) {
        found = n.right;
        return false;
      }
      return undefined;
    });
  }
  return found;
}
