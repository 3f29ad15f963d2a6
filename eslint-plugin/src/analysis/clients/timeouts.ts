// The effective timeout of a request at the call, per client (PRODUCT §2's facts). Policies and
// declared wrappers around the call are applied afterwards (guards.ts).
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, outermostWrapper, resolveValue, staticNumber, staticValue, unwrap, variableOf, walk } from '../ast.js';
import { lookupIn, lookupLayers, objectValue, type Lookup, type OptionsView } from '../options.js';
import { signalTimeout } from '../signal.js';
import type { ClientId, TimeoutInfo, TimeoutSource } from '../types.js';
import type { ChainCall } from './layout.js';

type Node = TSESTree.Node;
type ScopeManager = TSESLint.Scope.ScopeManager | null;

/** undici's headersTimeout and bodyTimeout defaults (also what global fetch uses). */
export const UNDICI_DEFAULT_MS = 300_000;
/** ky's default per-attempt timeout. */
export const KY_DEFAULT_MS = 10_000;

export interface TimeoutInput {
  sm: ScopeManager;
  client: ClientId;
  /** The call's own options. */
  call: OptionsView;
  /** Instance defaults, nearest first. */
  instance: OptionsView[];
  /** `x.defaults.timeout = …` assignments for this call's instance or the client's default export. */
  assignedTimeout: Node | null;
  /** superagent builder calls. */
  chain: ChainCall[];
  /** The request call (node:http: to find `req.setTimeout(ms, () => req.destroy())`). */
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** undici Client/Pool, node-fetch: which flavour. */
  isUndiciFetch: boolean;
}

const missing = (note: string): TimeoutInfo => ({ status: 'missing', ms: null, source: null, note });
const unknown = (note: string, node?: Node): TimeoutInfo => (node ? { status: 'unknown', ms: null, source: null, node, note } : { status: 'unknown', ms: null, source: null, note });
const bounded = (ms: number | null, source: TimeoutSource, node: Node | undefined, note?: string): TimeoutInfo => {
  const t: TimeoutInfo = { status: 'bounded', ms, source };
  if (node) t.node = node;
  if (note) t.note = note;
  return t;
};

/** The tighter of two bounded timeouts (unknown ms counts as looser than a known one). */
function tighter(a: TimeoutInfo, b: TimeoutInfo): TimeoutInfo {
  if (a.status !== 'bounded') return b;
  if (b.status !== 'bounded') return a;
  if (a.ms === null) return b.ms === null ? a : b;
  if (b.ms === null) return a;
  return b.ms < a.ms ? b : a;
}

interface SignalRead {
  lookup: Lookup;
  timeout: TimeoutInfo | null;
}

function readSignal(input: TimeoutInput): SignalRead {
  const lookup = input.call.get('signal');
  if (lookup.kind !== 'found') return { lookup, timeout: null };
  const t = signalTimeout(input.sm, lookup.value);
  return { lookup, timeout: t ? bounded(t.ms, 'signal', t.node) : null };
}

/** A numeric timeout option: 0 (or Infinity) disables, a positive number bounds, anything else is unknown. */
function numeric(input: TimeoutInput, value: Node, source: TimeoutSource, zeroMeans: 'disabled' | 'bounded'): TimeoutInfo {
  const v = staticValue(input.sm, value);
  if (!v) return unknown('the timeout is computed at run time', value);
  if (v.value === false) return { status: 'disabled', ms: null, source, node: value, note: 'timeout: false turns the timeout off' };
  if (typeof v.value !== 'number' || Number.isNaN(v.value)) return unknown('the timeout is not a number', value);
  if (v.value === 0 && zeroMeans === 'disabled') return { status: 'disabled', ms: null, source, node: value, note: 'timeout: 0 means no timeout' };
  if (!Number.isFinite(v.value)) return { status: 'disabled', ms: null, source, node: value, note: 'an infinite timeout never fires' };
  return bounded(v.value, source, value);
}

export function callTimeout(input: TimeoutInput): TimeoutInfo {
  switch (input.client) {
    case 'fetch':
    case 'node-fetch':
      return fetchTimeout(input);
    case 'undici':
      return input.isUndiciFetch ? fetchTimeout(input) : undiciTimeout(input);
    case 'axios':
      return axiosTimeout(input);
    case 'got':
      return gotTimeout(input);
    case 'ky':
      return kyTimeout(input);
    case 'node-http':
      return httpTimeout(input);
    case 'superagent':
      return superagentTimeout(input);
    case 'ofetch':
      return ofetchTimeout(input);
  }
}

function fetchTimeout(input: TimeoutInput): TimeoutInfo {
  const signal = readSignal(input);
  if (signal.timeout) return signal.timeout;
  if (input.client === 'undici') {
    const dispatcher = input.call.get('dispatcher');
    if (dispatcher.kind === 'found') {
      const fromDispatcher = dispatcherTimeout(input, dispatcher.value);
      if (fromDispatcher) return fromDispatcher;
    }
  }
  if (signal.lookup.kind === 'found') return unknown('a signal is passed, but not one Breakwater recognises as a timeout', signal.lookup.value);
  if (signal.lookup.kind === 'unknown') return unknown('the options may set a signal');
  if (input.client === 'node-fetch') {
    const t = input.call.get('timeout');
    if (t.kind === 'found') {
      return { status: 'ineffective', ms: staticNumber(input.sm, t.value), source: 'call', node: t.value, note: 'node-fetch 3 ignores the `timeout` option (it was removed after v2)' };
    }
  }
  return missing("nothing bounds the whole request: undici's headers and body timers wait 300 s each, and a slowly dripping body never ends");
}

/** `dispatcher: new Agent({ headersTimeout, bodyTimeout })` on an undici fetch. */
function dispatcherTimeout(input: TimeoutInput, node: Node): TimeoutInfo | null {
  const d = resolveValue(input.sm, node);
  if (d.type !== 'NewExpression') return null;
  const opts = d.arguments.find((a) => resolveValue(input.sm, a).type === 'ObjectExpression');
  if (!opts) return null;
  const obj = resolveValue(input.sm, opts) as TSESTree.ObjectExpression;
  return headersBody(input, [{ info: { argIndex: 0, kind: 'inline', object: obj, hasSpread: false }, get: (n) => lookupIn(input.sm, obj, n) }], 'instance');
}

/** undici request/stream/Client: headersTimeout and bodyTimeout (300 s each by default, 0 disables). */
function headersBody(input: TimeoutInput, layers: OptionsView[], firstSource: TimeoutSource): TimeoutInfo | null {
  const h = lookupLayers(layers, 'headersTimeout');
  const b = lookupLayers(layers, 'bodyTimeout');
  if (h.lookup.kind === 'absent' && b.lookup.kind === 'absent') return null;
  if (h.lookup.kind === 'unknown' || b.lookup.kind === 'unknown') return unknown('the options may set headersTimeout/bodyTimeout');
  const read = (l: Lookup): number | 'unknown' | 'default' => {
    if (l.kind !== 'found') return 'default';
    const n = staticNumber(input.sm, l.value);
    return n === null ? 'unknown' : n;
  };
  const hv = read(h.lookup);
  const bv = read(b.lookup);
  const node = h.lookup.kind === 'found' ? h.lookup.value : b.lookup.kind === 'found' ? b.lookup.value : undefined;
  if (hv === 'unknown' || bv === 'unknown') return unknown('headersTimeout/bodyTimeout are computed at run time', node);
  if (hv === 0 || bv === 0) return { status: 'disabled', ms: null, source: firstSource, ...(node ? { node } : {}), note: 'a headersTimeout or bodyTimeout of 0 turns that timer off' };
  const ms = Math.max(hv === 'default' ? UNDICI_DEFAULT_MS : hv, bv === 'default' ? UNDICI_DEFAULT_MS : bv);
  const layer = Math.min(...[h.layer, b.layer].filter((l) => l >= 0));
  const note =
    hv === 'default' || bv === 'default'
      ? `only ${hv === 'default' ? 'bodyTimeout' : 'headersTimeout'} is set; the other timer stays at undici's 300 s default`
      : 'headersTimeout bounds the wait for headers, bodyTimeout each pause in the body';
  return bounded(ms, layer === 0 ? firstSource : 'instance', node, note);
}

function undiciTimeout(input: TimeoutInput): TimeoutInfo {
  const signal = readSignal(input);
  if (signal.timeout) return signal.timeout;
  const layered = headersBody(input, [input.call, ...input.instance], 'call');
  if (layered) return layered;
  if (signal.lookup.kind === 'found') return unknown('a signal is passed, but not one Breakwater recognises as a timeout', signal.lookup.value);
  if (input.call.info.kind === 'dynamic' || input.call.get('headersTimeout').kind === 'unknown') return unknown('the options are computed at run time');
  return missing("undici's headersTimeout and bodyTimeout default to 300 s each, and nothing bounds the whole request");
}

function axiosTimeout(input: TimeoutInput): TimeoutInfo {
  const signal = readSignal(input);
  const t = lookupLayers([input.call, ...input.instance], 'timeout');
  let result: TimeoutInfo | null = null;
  if (t.lookup.kind === 'found') result = numeric(input, t.lookup.value, t.layer === 0 ? 'call' : 'instance', 'disabled');
  else if (t.lookup.kind === 'absent' && input.assignedTimeout) result = numeric(input, input.assignedTimeout, 'instance', 'disabled');
  if (signal.timeout) return result ? tighter(result, signal.timeout) : signal.timeout;
  if (result) return result;
  if (t.lookup.kind === 'unknown' || signal.lookup.kind === 'unknown') return unknown('the config may set a timeout');
  if (signal.lookup.kind === 'found') return unknown('a signal is passed, but not one Breakwater recognises as a timeout', signal.lookup.value);
  return missing('axios waits forever by default (timeout: 0)');
}

function gotTimeout(input: TimeoutInput): TimeoutInfo {
  const signal = readSignal(input);
  if (signal.timeout) return signal.timeout;
  const t = lookupLayers([input.call, ...input.instance], 'timeout');
  const source: TimeoutSource = t.layer === 0 ? 'call' : 'instance';
  if (t.lookup.kind === 'found') {
    const obj = objectValue(input.sm, t.lookup);
    if (obj) {
      const req = lookupIn(input.sm, obj, 'request');
      if (req.kind === 'found') return numeric(input, req.value, source, 'disabled');
      if (req.kind === 'unknown') return unknown('the timeout object may set `request`', obj);
      const phases = obj.properties.filter((p) => p.type === 'Property').map((p) => (p.type === 'Property' && p.key.type === 'Identifier' ? p.key.name : '?'));
      return {
        status: 'ineffective',
        ms: null,
        source,
        node: obj,
        note: `timeout.${phases.join('/') || '{}'} bounds only ${phases.length === 1 ? 'that phase' : 'those phases'}; timeout.request bounds the whole request`,
      };
    }
    const n = staticNumber(input.sm, t.lookup.value);
    if (n !== null) return { status: 'ineffective', ms: n, source, node: t.lookup.value, note: 'got ≥ 12 rejects a numeric timeout; it expects timeout: { request: ms }' };
    return unknown('the timeout is computed at run time', t.lookup.value);
  }
  if (t.lookup.kind === 'unknown' || signal.lookup.kind === 'unknown') return unknown('the options may set a timeout');
  if (signal.lookup.kind === 'found') return unknown('a signal is passed, but not one Breakwater recognises as a timeout', signal.lookup.value);
  return missing('got waits forever by default');
}

function kyTimeout(input: TimeoutInput): TimeoutInfo {
  const signal = readSignal(input);
  const t = lookupLayers([input.call, ...input.instance], 'timeout');
  let result: TimeoutInfo;
  if (t.lookup.kind === 'found') result = numeric(input, t.lookup.value, t.layer === 0 ? 'call' : 'instance', 'bounded');
  else if (t.lookup.kind === 'unknown') result = unknown('the options may set a timeout');
  else result = bounded(KY_DEFAULT_MS, 'client-default', undefined, 'ky times out each attempt after 10 s by default');
  if (signal.timeout) return result.status === 'bounded' ? tighter(result, signal.timeout) : signal.timeout;
  return result;
}

function httpTimeout(input: TimeoutInput): TimeoutInfo {
  const signal = readSignal(input);
  if (signal.timeout) return signal.timeout;
  const destroyed = destroyOnTimeout(input);
  if (destroyed) return destroyed;
  if (signal.lookup.kind === 'found') return unknown('a signal is passed, but not one Breakwater recognises as a timeout', signal.lookup.value);
  const t = input.call.get('timeout');
  if (t.kind === 'found') {
    return {
      status: 'ineffective',
      ms: staticNumber(input.sm, t.value),
      source: 'call',
      node: t.value,
      note: "node:http's `timeout` option is a socket idle timer: it emits 'timeout' and does not end the request",
    };
  }
  if (t.kind === 'unknown') return unknown('the options may set a signal');
  return missing('node:http requests wait forever by default');
}

/**
 * The classic node:http fix: `req.setTimeout(ms, () => req.destroy())` or
 * `req.on('timeout', () => req.destroy())` on the request the call returns.
 */
function destroyOnTimeout(input: TimeoutInput): TimeoutInfo | null {
  const uses: Node[] = [];
  const outer = outermostWrapper(input.node);
  const p = outer.parent;
  if (p?.type === 'MemberExpression' && p.object === outer) uses.push(outer);
  if (p?.type === 'VariableDeclarator' && p.init === outer && p.id.type === 'Identifier') {
    const v = variableOf(input.sm, p.id);
    for (const ref of v?.references ?? []) if (ref.isRead()) uses.push(ref.identifier);
  }
  for (const use of uses) {
    const member = use.parent;
    if (member?.type !== 'MemberExpression' || member.object !== use) continue;
    const call = member.parent;
    if (call?.type !== 'CallExpression' || call.callee !== member) continue;
    const name = memberName(member);
    const [a0, a1] = call.arguments;
    if (name === 'setTimeout' && a0 && a1 && endsRequest(a1)) return bounded(staticNumber(input.sm, a0), 'call', call, 'req.setTimeout(ms, () => req.destroy())');
    if ((name === 'on' || name === 'once') && a0 && a1 && a0.type === 'Literal' && a0.value === 'timeout' && endsRequest(a1)) {
      const t = input.call.get('timeout');
      return bounded(t.kind === 'found' ? staticNumber(input.sm, t.value) : null, 'call', call, "the 'timeout' event destroys the request");
    }
  }
  return null;
}

function endsRequest(fn: Node): boolean {
  const f = unwrap(fn);
  if (f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionExpression') return false;
  let found = false;
  walk(f.body, (n) => {
    if (found) return false;
    if (n.type === 'MemberExpression' && ['destroy', 'abort'].includes(memberName(n) ?? '')) found = true;
    return undefined;
  });
  return found;
}

function superagentTimeout(input: TimeoutInput): TimeoutInfo {
  const link = [...input.chain].reverse().find((l) => l.name === 'timeout');
  if (!link) return missing('superagent waits forever by default');
  const arg = link.call.arguments[0];
  if (!arg) return unknown('.timeout() without an argument');
  const obj = resolveValue(input.sm, arg);
  if (obj.type === 'ObjectExpression') {
    const deadline = lookupIn(input.sm, obj, 'deadline');
    if (deadline.kind === 'found') return numeric(input, deadline.value, 'chain', 'bounded');
    if (deadline.kind === 'unknown') return unknown('the timeout object may set a deadline', obj);
    return { status: 'ineffective', ms: null, source: 'chain', node: obj, note: 'a `response` timeout bounds only the wait for the first byte; `deadline` bounds the whole request' };
  }
  return numeric(input, arg, 'chain', 'disabled');
}

function ofetchTimeout(input: TimeoutInput): TimeoutInfo {
  const signal = readSignal(input);
  if (signal.timeout) return signal.timeout;
  const t = lookupLayers([input.call, ...input.instance], 'timeout');
  if (t.lookup.kind === 'found') {
    if (signal.lookup.kind === 'found') {
      return { status: 'ineffective', ms: staticNumber(input.sm, t.lookup.value), source: t.layer === 0 ? 'call' : 'instance', node: t.lookup.value, note: 'ofetch ignores `timeout` when a `signal` is also passed' };
    }
    return numeric(input, t.lookup.value, t.layer === 0 ? 'call' : 'instance', 'disabled');
  }
  if (signal.lookup.kind === 'found') return unknown('a signal is passed, but not one Breakwater recognises as a timeout', signal.lookup.value);
  if (t.lookup.kind === 'unknown') return unknown('the options may set a timeout');
  return missing('ofetch waits forever by default');
}

