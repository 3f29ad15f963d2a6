// Retries built into the clients: got's and ky's `retry` option and ofetch's `retry`, at the call or
// in the instance's defaults (`got.extend`, `ky.create`, `ofetch.create`). Defaults from the sources:
// - got 14: limit 2; methods GET PUT HEAD DELETE OPTIONS TRACE (no POST/PATCH); status 408 413
//   429 500 502 503 504 521 522 524; delay 1000 * 2 ** (n - 1) plus up to `noise` (100) ms of
//   random noise.
// - ky 1.14: limit 2; methods get put head delete options trace; status 408 413 429 500 502 503
//   504; delay 300 * 2 ** (n - 1); `jitter` off unless set.
// - ofetch 1: one retry for GET/HEAD/…, none for POST/PUT/PATCH/DELETE — but an explicit
//   `retry: n` applies to every method; status 408 409 425 429 500 502 503 504; no delay unless
//   `retryDelay`.
import type { TSESTree } from '@typescript-eslint/utils';
import { resolveValue, staticValue, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { lookupIn, type Lookup } from '../options.js';
import type { BackoffInfo, OutboundCall, RetryConstruct } from '../types.js';
import { classifyDelay, returnedExpressions, toBackoff } from './delay-growth.js';
import { resolveFunction } from './functions.js';
import { staticList } from './option-values.js';

type Node = TSESTree.Node;

const NON_IDEMPOTENT = new Set(['POST', 'PATCH', 'CONNECT']);
/** 4xx statuses that are worth retrying: timeout, too large (got/ky honour Retry-After), conflict/too early (ofetch), rate limit. */
const TRANSIENT_4XX = new Set([408, 409, 413, 425, 429]);

/** A retry setting seen through the call's options and then the instance's defaults. */
interface Layered {
  /** Each layer's `retry` value, call first. */
  values: Node[];
  /** A layer hides its `retry` behind a spread we cannot read. */
  unknown: boolean;
}

function retryLayers(ctx: AnalysisContext, call: OutboundCall, key: string): Layered {
  const sm = ctx.source.scopeManager;
  const out: Layered = { values: [], unknown: false };
  for (const obj of [call.options.object, call.instance?.options]) {
    if (!obj) continue;
    const l: Lookup = lookupIn(sm, obj, key);
    if (l.kind === 'found') out.values.push(l.value);
    else if (l.kind === 'unknown') out.unknown = true;
  }
  if (call.options.kind === 'dynamic') out.unknown = true;
  return out;
}

/** A field of the retry object, call layer first. */
function field(ctx: AnalysisContext, layers: Node[], name: string): Node | null {
  const sm = ctx.source.scopeManager;
  for (const v of layers) {
    const obj = resolveValue(sm, unwrap(v));
    if (obj.type === 'ObjectExpression') {
      const l = lookupIn(sm, obj, name);
      if (l.kind === 'found') return l.value;
    }
  }
  return null;
}

function num(ctx: AnalysisContext, n: Node | null): number | null {
  if (!n) return null;
  const v = staticValue(ctx.source.scopeManager, n);
  return typeof v?.value === 'number' ? v.value : null;
}

/** A limit given directly as a number (`retry: 3`) in the nearest layer that sets one. */
function directLimit(ctx: AnalysisContext, layers: Node[]): number | 'off' | null {
  for (const v of layers) {
    const s = staticValue(ctx.source.scopeManager, v);
    if (typeof s?.value === 'number') return s.value;
    if (s?.value === false) return 'off';
    if (resolveValue(ctx.source.scopeManager, unwrap(v)).type === 'ObjectExpression') return null;
  }
  return null;
}

function methodsInclude(ctx: AnalysisContext, node: Node | null, defaults: readonly string[], method: string | null): { nonIdempotent: boolean; covers: boolean } {
  const list = node ? staticList(ctx, node) : defaults;
  if (!list) return { nonIdempotent: true, covers: true };
  const upper = list.map((m) => String(m).toUpperCase());
  return { nonIdempotent: upper.some((m) => NON_IDEMPOTENT.has(m)), covers: method === null || upper.includes(method) };
}

/** A status list with 4xx codes beyond the transient ones retries client errors. */
function statusFields(ctx: AnalysisContext, node: Node | null): { retriesAllErrors: boolean | null; retriesClientErrors: boolean } {
  if (!node) return { retriesAllErrors: false, retriesClientErrors: false };
  const list = staticList(ctx, node);
  if (!list) return { retriesAllErrors: null, retriesClientErrors: false };
  const any4xx = list.some((s) => typeof s === 'number' && s >= 400 && s < 500 && !TRANSIENT_4XX.has(s));
  return { retriesAllErrors: any4xx, retriesClientErrors: any4xx };
}

/** A delay function's growth, with `attemptParam` the name of the attempt count (plain or destructured). */
function delayFunction(ctx: AnalysisContext, node: Node, attemptParam: string | null, keepsDefault: string | null, fallback: BackoffInfo): BackoffInfo {
  const fn = resolveFunction(ctx.source.scopeManager, node);
  if (!fn) return { growth: 'unknown', jitter: false, node };
  const sm = ctx.source.scopeManager;
  const declared = sm ? sm.getDeclaredVariables(fn) : [];
  const first = fn.params[0];
  const attemptVar = first?.type === 'Identifier' ? declared.find((v) => v.name === first.name) : declared.find((v) => v.name === attemptParam);
  const returned = returnedExpressions(fn);
  if (returned.length === 0) return { growth: 'unknown', jitter: false, node };
  if (keepsDefault && returned.every((r) => unwrap(r).type === 'Identifier' && (unwrap(r) as TSESTree.Identifier).name === keepsDefault)) return { ...fallback, node };
  const env = { attemptVars: new Set(attemptVar ? [attemptVar] : []), repeating: fn.body };
  const classes = returned.map((r) => classifyDelay(ctx, r, env));
  const order = ['zero', 'fixed', 'unknown', 'linear', 'exponential'];
  const best = classes.reduce((a, b) => (order.indexOf(b.growth) > order.indexOf(a.growth) ? b : a));
  return toBackoff({ growth: best.growth, jitter: classes.some((c) => c.jitter) }, node);
}

function gotRetry(ctx: AnalysisContext, call: OutboundCall): RetryConstruct | null {
  const layers = retryLayers(ctx, call, 'retry');
  const implicit = layers.values.length === 0;
  const limit = num(ctx, field(ctx, layers.values, 'limit')) ?? (field(ctx, layers.values, 'limit') ? null : 2);
  if (limit === 0) return null;
  const methods = methodsInclude(ctx, field(ctx, layers.values, 'methods'), ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'], call.method);
  if (!methods.covers) return null;
  const noise = num(ctx, field(ctx, layers.values, 'noise'));
  const fallback: BackoffInfo = { growth: 'exponential', jitter: noise !== 0 };
  const calc = field(ctx, layers.values, 'calculateDelay');
  const node = layers.values[0] ?? call.node;
  return {
    kind: 'client-option',
    node,
    label: implicit ? "got's built-in retry" : "got's retry option",
    form: 'client-option',
    maxAttempts: limit === null ? null : limit + 1,
    backoff: calc ? delayFunction(ctx, calc, 'attemptCount', 'computedValue', fallback) : { ...fallback, node },
    ...statusFields(ctx, field(ctx, layers.values, 'statusCodes')),
    retriesNonIdempotent: methods.nonIdempotent,
    calls: [call],
    predicateNode: field(ctx, layers.values, 'statusCodes') ?? node,
    ...(implicit ? { implicit: true } : {}),
  };
}

function kyRetry(ctx: AnalysisContext, call: OutboundCall): RetryConstruct | null {
  const layers = retryLayers(ctx, call, 'retry');
  const implicit = layers.values.length === 0;
  const direct = directLimit(ctx, layers.values);
  if (direct === 'off') return null;
  const limitNode = field(ctx, layers.values, 'limit');
  const limit = direct ?? num(ctx, limitNode) ?? (limitNode ? null : 2);
  if (limit === 0) return null;
  const methods = methodsInclude(ctx, field(ctx, layers.values, 'methods'), ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'], call.method);
  if (!methods.covers) return null;
  const jitterNode = field(ctx, layers.values, 'jitter');
  const jitterValue = jitterNode ? staticValue(ctx.source.scopeManager, jitterNode) : null;
  const jitter = jitterNode ? !(jitterValue && (jitterValue.value === false || jitterValue.value === undefined)) : false;
  const delay = field(ctx, layers.values, 'delay');
  const node = layers.values[0] ?? call.node;
  const fallback: BackoffInfo = { growth: 'exponential', jitter };
  let backoff = delay ? delayFunction(ctx, delay, null, null, fallback) : { ...fallback, node };
  if (delay && jitter) backoff = { ...backoff, jitter: true };
  return {
    kind: 'client-option',
    node,
    label: implicit ? "ky's built-in retry" : "ky's retry option",
    form: 'client-option',
    maxAttempts: limit === null ? null : limit + 1,
    backoff,
    ...statusFields(ctx, field(ctx, layers.values, 'statusCodes')),
    retriesNonIdempotent: methods.nonIdempotent,
    calls: [call],
    predicateNode: field(ctx, layers.values, 'statusCodes') ?? node,
    ...(implicit ? { implicit: true } : {}),
  };
}

const OFETCH_PAYLOAD = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function ofetchRetry(ctx: AnalysisContext, call: OutboundCall): RetryConstruct | null {
  const layers = retryLayers(ctx, call, 'retry');
  const implicit = layers.values.length === 0;
  const direct = directLimit(ctx, layers.values);
  if (direct === 'off' || direct === 0) return null;
  let limit: number | null;
  if (implicit) {
    if (call.method !== null && OFETCH_PAYLOAD.has(call.method)) return null;
    limit = 1;
  } else limit = direct;
  const delayNode = retryLayers(ctx, call, 'retryDelay').values[0] ?? null;
  const node = layers.values[0] ?? call.node;
  let backoff: BackoffInfo;
  if (!delayNode) backoff = { growth: 'none', jitter: false, node };
  else {
    const ms = num(ctx, delayNode);
    backoff = ms !== null ? { growth: ms === 0 ? 'none' : 'fixed', jitter: false, node: delayNode } : delayFunction(ctx, delayNode, null, null, { growth: 'unknown', jitter: false });
  }
  const statusNode = retryLayers(ctx, call, 'retryStatusCodes').values[0] ?? null;
  return {
    kind: 'client-option',
    node,
    label: implicit ? "ofetch's built-in retry" : "ofetch's retry option",
    form: 'client-option',
    maxAttempts: limit === null ? null : limit + 1,
    backoff,
    ...statusFields(ctx, statusNode),
    // An explicit count applies to POST too; the default retries only non-payload methods.
    retriesNonIdempotent: !implicit,
    calls: [call],
    predicateNode: statusNode ?? node,
    ...(implicit ? { implicit: true } : {}),
  };
}

/** The client's own retry around each call, when it has one. */
export function clientOptionRetries(ctx: AnalysisContext, calls: readonly OutboundCall[]): RetryConstruct[] {
  const out: RetryConstruct[] = [];
  for (const call of calls) {
    if (call.declaredAs) continue;
    const r = call.client === 'got' ? gotRetry(ctx, call) : call.client === 'ky' ? kyRetry(ctx, call) : call.client === 'ofetch' ? ofetchRetry(ctx, call) : null;
    if (r) out.push(r);
  }
  return out;
}
