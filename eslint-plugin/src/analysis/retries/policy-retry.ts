// Retry policies whose `execute(fn)` repeats fn: Breakwater's `retry({...})`, `policy(name, { retry })`
// and `compose(...)`; cockatiel's `retry(handler, { maxAttempts, backoff })` and `wrap(...)`; a
// policy imported from the project's policy module; a wrapper declared in settings.breakwater.
//
// Defaults from the sources: Breakwater retries transient failures only, refuses non-idempotent
// requests without a key, and jitters ('full') unless `jitter: 'none'`; 3 attempts, 100 ms base.
// cockatiel 3.2: `maxAttempts` counts retries (default Infinity); no `backoff` means
// ConstantBackoff(0), no wait; ExponentialBackoff uses decorrelated jitter unless given
// `generator: noJitterGenerator`.
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, resolveValue, staticNumber, staticValue, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { resolveGuard } from '../policies.js';
import type { ModuleValue } from '../policy-module.js';
import type { BackoffInfo, OutboundCall, RetryConstruct } from '../types.js';
import { sequenceGrowth } from './delay-growth.js';
import { fourXxReachesRetry } from './error-filter.js';
import type { FunctionNode } from './functions.js';
import { libRef, valueRef } from './modules.js';
import { nestedOptions, numberOpt, optionNode, optionsArg, staticList, stringOpt } from './option-values.js';
import { reach } from './reach.js';

type Node = TSESTree.Node;

interface PolicyRetry {
  lib: 'breakwater' | 'cockatiel' | 'imported' | 'declared';
  /** The factory call (`retry(...)`, `policy(...)`) or import that provides the retry. */
  node: Node;
  label: string;
  /** Breakwater: the retry options object expression (or null for defaults). */
  options: Node | null;
  /** `imported`: the policy's declaration in the policy module, when it could be read. */
  module?: ModuleValue | null;
}

/** The retry part of a policy expression (through variables, `compose`, `wrap`), or null when it does not retry. */
export function retryPolicyOf(ctx: AnalysisContext, expr: Node, depth = 0): PolicyRetry | null {
  if (depth > 6) return null;
  const sm = ctx.source.scopeManager;
  const n = resolveValue(sm, unwrap(expr));
  if (n.type === 'CallExpression') {
    switch (libRef(ctx, n)) {
      case 'breakwater.retry':
        return { lib: 'breakwater', node: n, label: 'Breakwater retry policy', options: n.arguments[0] ?? null };
      case 'breakwater.policy': {
        const name = n.arguments[0] ? staticValue(sm, n.arguments[0]) : null;
        const label = `Breakwater policy '${typeof name?.value === 'string' ? name.value : '?'}'`;
        const cfg = n.arguments[1];
        if (!cfg) return { lib: 'breakwater', node: n, label, options: null };
        const view = nestedOptions(ctx, cfg);
        if (!view) return { lib: 'breakwater', node: n, label, options: null };
        // No `retry` key (or one hidden behind a spread): the runtime's default retry.
        const r = view.get('retry');
        if (r.kind !== 'found') return { lib: 'breakwater', node: n, label, options: null };
        const s = staticValue(sm, r.value);
        if (s && (s.value === false || s.value === null || s.value === undefined)) return null;
        return { lib: 'breakwater', node: n, label, options: s?.value === true ? null : r.value };
      }
      case 'cockatiel.retry':
        return { lib: 'cockatiel', node: n, label: 'cockatiel retry policy', options: null };
      case 'breakwater.compose':
      case 'cockatiel.wrap':
        for (const a of n.arguments) {
          if (a.type === 'SpreadElement') continue;
          const inner = retryPolicyOf(ctx, a, depth + 1);
          if (inner) return inner;
        }
        return null;
      default:
        break;
    }
  }
  // Policies defined elsewhere (the project's policy module, `this.policy`) or declared wrappers.
  const guard = resolveGuard(ctx, expr);
  if (guard?.retry) {
    if (guard.kind === 'declared') return { lib: 'declared', node: guard.node, label: guard.label, options: null };
    if (guard.imported) return { lib: 'imported', node: guard.node, label: guard.label, options: null, module: guard.imported.module };
    if (guard.node !== n && guard.node.type === 'CallExpression' && libRef(ctx, guard.node)) return retryPolicyOf(ctx, guard.node, depth + 1);
  }
  return null;
}

/**
 * Calls made through `const payFetch = fetchWith(policy)`: the policy's retry repeats each of them
 * (the runtime reads the method and headers, so a POST without a key is not repeated by default).
 */
export function fetchWithRetries(ctx: AnalysisContext, calls: readonly OutboundCall[]): RetryConstruct[] {
  const sm = ctx.source.scopeManager;
  const out: RetryConstruct[] = [];
  for (const call of calls) {
    if (call.node.type !== 'CallExpression') continue;
    const made = resolveValue(sm, unwrap(call.node.callee));
    if (made.type !== 'CallExpression' || libRef(ctx, made) !== 'breakwater.fetchWith' || !made.arguments[0]) continue;
    const policy = retryPolicyOf(ctx, made.arguments[0]);
    if (!policy) continue;
    const declared = policy.lib === 'imported' && policy.module ? moduleRetry(policy.module) : null;
    const fields = policy.lib === 'breakwater' ? breakwaterRetry(ctx, policy) : declared ? atSite(declared.fields, call.node) : null;
    if (!fields || (fields.maxAttempts !== null && fields.maxAttempts <= 1)) continue;
    out.push({ kind: declared?.kind ?? 'breakwater', node: call.node, label: `${policy.label} (fetchWith)`, form: 'library', calls: [call], ...fields });
  }
  return out;
}

/** The construct for `policyExpr.execute(fn)` (or a declared wrapper call `wrap(fn)`). */
export function policyRetryConstruct(ctx: AnalysisContext, site: TSESTree.CallExpression, policy: PolicyRetry, fn: FunctionNode | null, calls: readonly OutboundCall[]): RetryConstruct | null {
  const repeated = fn ? reach(ctx, [fn.body], calls) : { calls: [], regions: [] };
  if (repeated.calls.length === 0) return null;
  const base = { node: site, form: 'library' as const, calls: repeated.calls };
  switch (policy.lib) {
    case 'breakwater': {
      const fields = breakwaterRetry(ctx, policy);
      return fields.maxAttempts !== null && fields.maxAttempts <= 1 ? null : { ...base, kind: 'breakwater', label: policy.label, ...fields };
    }
    case 'cockatiel': {
      const fields = cockatielRetry(ctx, policy.node as TSESTree.CallExpression, repeated);
      return fields.maxAttempts === 1 ? null : { ...base, kind: 'cockatiel', label: policy.label, ...fields };
    }
    case 'imported': {
      // Read from the policy module when it can be; otherwise the runtime's defaults are the best
      // guess (transient-only, refuses non-idempotent requests without a key, jittered), numbers unknown.
      const declared = policy.module ? moduleRetry(policy.module) : null;
      if (declared) {
        const fields = atSite(declared.fields, site);
        if (declared.kind === 'cockatiel' && fields.retriesAllErrors) fields.retriesClientErrors = fourXxReachesRetry(ctx, repeated.regions, repeated.calls);
        return fields.maxAttempts !== null && fields.maxAttempts <= 1 ? null : { ...base, kind: declared.kind, label: policy.label, ...fields };
      }
      return { ...base, kind: 'breakwater', label: policy.label, maxAttempts: null, backoff: { growth: 'unknown', jitter: true }, retriesAllErrors: null, retriesNonIdempotent: false, predicateNode: site };
    }
    case 'declared':
      return { ...base, kind: 'declared', label: policy.label, maxAttempts: null, backoff: { growth: 'unknown', jitter: true }, retriesAllErrors: null, retriesNonIdempotent: true, predicateNode: site };
  }
}

type Fields = Pick<RetryConstruct, 'maxAttempts' | 'backoff' | 'retriesAllErrors' | 'retriesClientErrors' | 'retriesNonIdempotent' | 'predicateNode'>;

/**
 * The retry a policy module declares for an export (through `compose`, `wrap`, further imports),
 * read in that module's context. Null when it does not retry in a way that can be read.
 */
function moduleRetry(value: ModuleValue, depth = 0): { kind: 'breakwater' | 'cockatiel'; fields: Fields } | null {
  if (depth > 4) return null;
  const inner = retryPolicyOf(value.ctx, value.expr);
  switch (inner?.lib) {
    case 'breakwater':
      return { kind: 'breakwater', fields: breakwaterRetry(value.ctx, inner) };
    case 'cockatiel':
      return { kind: 'cockatiel', fields: cockatielRetry(value.ctx, inner.node as TSESTree.CallExpression, { calls: [], regions: [] }) };
    case 'imported':
      return inner.module ? moduleRetry(inner.module, depth + 1) : null;
    default:
      return null;
  }
}

/** Fields read in the policy module, pointing at the call site instead (nodes of another file must not reach the rules). */
function atSite(fields: Fields, site: Node): Fields {
  return { ...fields, backoff: { growth: fields.backoff.growth, jitter: fields.backoff.jitter, node: site }, predicateNode: site };
}

function breakwaterRetry(ctx: AnalysisContext, policy: PolicyRetry): Fields {
  const view = policy.options ? nestedOptions(ctx, policy.options) : null;
  if (policy.options && !view) {
    return { maxAttempts: null, backoff: { growth: 'unknown', jitter: true }, retriesAllErrors: null, retriesNonIdempotent: false, predicateNode: policy.node };
  }
  if (!view) {
    return { maxAttempts: 3, backoff: { growth: 'exponential', jitter: true, node: policy.node }, retriesAllErrors: false, retriesNonIdempotent: false, predicateNode: policy.node };
  }
  const spread = view.info.hasSpread;
  const attempts = numberOpt(ctx, view, 'maxAttempts');
  const base = numberOpt(ctx, view, 'baseDelayMs');
  const jitter = stringOpt(ctx, view, 'jitter');
  const retryOn = optionNode(view, 'retryOn');
  const nonIdempotent = view.get('retryNonIdempotent');
  const nonIdem = nonIdempotent.kind === 'found' ? staticValue(ctx.source.scopeManager, nonIdempotent.value)?.value !== false : nonIdempotent.kind === 'unknown';
  const backoffNode = (view.info.object as Node | undefined) ?? policy.node;
  return {
    maxAttempts: attempts.kind === 'value' ? attempts.value : attempts.kind === 'absent' && !spread ? 3 : null,
    backoff: {
      growth: base.kind === 'value' && base.value === 0 ? 'none' : base.kind === 'dynamic' ? 'unknown' : 'exponential',
      jitter: jitter.kind === 'value' ? jitter.value !== 'none' : true,
      node: jitter.kind === 'value' ? jitter.node : backoffNode,
    },
    retriesAllErrors: retryOn ? alwaysTrue(retryOn) : spread ? null : false,
    retriesClientErrors: retryOn ? alwaysTrue(retryOn) : false,
    retriesNonIdempotent: nonIdem,
    predicateNode: retryOn ?? policy.node,
  };
}

/** `() => true`, `function () { return true }`: a predicate that accepts everything. */
export function alwaysTrue(fn: Node): boolean {
  const f = unwrap(fn);
  if (f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionExpression') return false;
  if (f.body.type !== 'BlockStatement') return f.body.type === 'Literal' && f.body.value === true;
  const only = f.body.body.length === 1 ? f.body.body[0] : undefined;
  return only?.type === 'ReturnStatement' && only.argument?.type === 'Literal' && only.argument.value === true;
}

function cockatielRetry(ctx: AnalysisContext, factory: TSESTree.CallExpression, repeated: { calls: OutboundCall[]; regions: Node[] }): Fields {
  const handler = factory.arguments[0];
  const opts = optionsArg(ctx, factory, 1);
  const attempts = numberOpt(ctx, opts, 'maxAttempts');
  const kind = handler ? handlerKind(ctx, handler) : null;
  const retriesAllErrors = kind === 'all' ? true : kind === 'predicate' ? false : null;
  return {
    // cockatiel's maxAttempts counts retries after the first try.
    maxAttempts: attempts.kind === 'value' && Number.isFinite(attempts.value) ? attempts.value + 1 : null,
    backoff: cockatielBackoff(ctx, opts.get('backoff'), factory),
    retriesAllErrors,
    retriesClientErrors: kind === 'all' && fourXxReachesRetry(ctx, repeated.regions, repeated.calls),
    retriesNonIdempotent: true,
    predicateNode: handler ?? factory,
  };

}

/** `handleAll` (possibly with `.orWhenResult(…)`), or a predicate handler (`handleWhen`, `handleType`, …). */
function handlerKind(ctx: AnalysisContext, expr: Node): 'all' | 'predicate' | null {
  const sm = ctx.source.scopeManager;
  let n = resolveValue(sm, unwrap(expr));
  // `handleAll.orWhenResult(r => …)`: the chain starts from what decides the errors.
  while (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && /^or/.test(memberName(n.callee) ?? '')) n = unwrap(n.callee.object);
  if (valueRef(ctx, n) === 'cockatiel.handleAll') return 'all';
  if (n.type === 'CallExpression' && libRef(ctx, n) === 'cockatiel.handlePredicate') return 'predicate';
  if (n.type === 'Identifier') {
    const again = resolveValue(sm, n);
    if (again !== n) return handlerKind(ctx, again);
  }
  return null;
}

function cockatielBackoff(ctx: AnalysisContext, lookup: ReturnType<ReturnType<typeof optionsArg>['get']>, factory: Node): BackoffInfo {
  const sm = ctx.source.scopeManager;
  if (lookup.kind === 'absent') return { growth: 'none', jitter: false, node: factory };
  if (lookup.kind === 'unknown') return { growth: 'unknown', jitter: false, node: factory };
  const n = resolveValue(sm, unwrap(lookup.value));
  const node = lookup.value;
  if (n.type !== 'NewExpression') return { growth: 'unknown', jitter: false, node };
  switch (libRef(ctx, n)) {
    case 'cockatiel.ExponentialBackoff': {
      const o = optionsArg(ctx, n, 0);
      const gen = o.get('generator');
      let jitter = true;
      if (gen.kind === 'found') jitter = valueRef(ctx, gen.value) !== 'cockatiel.noJitterGenerator';
      const exponent = numberOpt(ctx, o, 'exponent');
      const growth = exponent.kind === 'value' && exponent.value <= 1 ? 'fixed' : 'exponential';
      return { growth, jitter, node };
    }
    case 'cockatiel.ConstantBackoff': {
      const ms = n.arguments[0] ? staticNumber(sm, n.arguments[0]) : null;
      return { growth: ms === 0 ? 'none' : 'fixed', jitter: false, node };
    }
    case 'cockatiel.IterableBackoff': {
      const list = n.arguments[0] ? staticList(ctx, n.arguments[0]) : null;
      return { growth: list ? sequenceGrowth(list.map(Number)) : 'unknown', jitter: false, node };
    }
    default:
      return { growth: 'unknown', jitter: false, node };
  }
}


