// Turns a call site into an OutboundCall: method, URL and host, options, timeout at the call,
// signal, Idempotency-Key, service name. Guards (breaker, bulkhead, policy timeouts) and retries
// are attached afterwards by the analysis.
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberName, staticString, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { findIdempotencyHeader, isIdempotencyHeaderName } from '../headers.js';
import { absentOptions, lookupLayers, optionsAt, type OptionsView } from '../options.js';
import { serviceName } from '../service.js';
import { signalTimeout } from '../signal.js';
import type { OutboundCall, UrlInfo } from '../types.js';
import { baseHostOf, hostFromHttpOptions, urlInfo } from '../url.js';
import { layoutOf, superagentChain, type ChainCall } from './layout.js';
import type { CallSite, SiteCollection } from './sites.js';
import { callTimeout } from './timeouts.js';

type Node = TSESTree.Node;

/** Internal details kept beside each call for the guards step and the rules' fixes. */
export interface CallDetails {
  site: CallSite;
  /** superagent builder calls, in order. */
  chain: ChainCall[];
  /** The Idempotency-Key header's value expression, when there is one. */
  idempotencyValue: Node | null;
}

export function describeSite(ctx: AnalysisContext, site: CallSite, collection: SiteCollection): { call: OutboundCall; details: CallDetails } {
  const sm = ctx.source.scopeManager;
  const layout = layoutOf(sm, site.leaf.shape, site.node);
  let options: OptionsView =
    layout.optionsIndex >= 0 ? optionsAt(sm, site.node, layout.optionsIndex) : absentOptions(-1);
  const optionsArg = site.node.arguments[layout.optionsIndex];
  if (site.client === 'node-http' && optionsArg && isFunction(unwrap(optionsArg))) {
    options = absentOptions(layout.optionsIndex);
  }
  const instanceLayers = site.instance?.layers ?? [];
  const layers = [options, ...instanceLayers];

  // superagent: the call is the whole builder chain.
  let node: TSESTree.CallExpression | TSESTree.NewExpression = site.node;
  let chain: ChainCall[] = [];
  if (site.client === 'superagent') {
    const c = superagentChain(site.node);
    node = c.outer;
    chain = c.links;
  }

  // Method.
  let method: string | null;
  if (site.leaf.method) method = site.leaf.method;
  else if (layout.methodNode) method = upper(staticString(sm, layout.methodNode));
  else {
    const m = lookupLayers(layers, 'method');
    method = m.lookup.kind === 'found' ? upper(staticString(sm, m.lookup.value)) : m.lookup.kind === 'absent' ? 'GET' : null;
  }

  // URL and host.
  const moduleDefaults = collection.moduleDefaults.get(site.client);
  let baseHost = site.instance?.baseHost ?? null;
  for (const key of ['baseURL', 'prefixUrl', 'prefix', 'baseUrl']) {
    const l = options.get(key);
    if (l.kind === 'found') {
      baseHost = baseHostOf(sm, l.value) ?? baseHost;
      break;
    }
  }
  const assignedBase = site.instance?.assigned.get('baseURL') ?? (site.instance ? undefined : moduleDefaults?.get('baseURL'));
  if (!baseHost && assignedBase) baseHost = baseHostOf(sm, assignedBase);
  let url: UrlInfo | null = null;
  if (layout.urlNode) url = urlInfo(sm, layout.urlNode, baseHost);
  else if (layout.urlKey) {
    const u = options.get(layout.urlKey);
    if (u.kind === 'found') url = urlInfo(sm, u.value, baseHost);
  }
  if (site.client === 'node-http' && layout.optionsIndex === 0 && (!url || !url.host)) {
    const hostname = options.get('hostname');
    const hostOpt = options.get('host');
    const port = options.get('port');
    const h = hostFromHttpOptions(
      sm,
      hostname.kind === 'found' ? hostname.value : hostOpt.kind === 'found' ? hostOpt.value : null,
      port.kind === 'found' ? port.value : null,
    );
    const p = options.get('path');
    if (h) url = { node: p.kind === 'found' ? p.value : site.node.arguments[0]!, value: null, host: h };
  }
  if (!url && baseHost && site.instance) url = { node: site.instance.node, value: null, host: baseHost };

  // Timeout at the call (policies come later).
  const assignedTimeout = site.instance ? (site.instance.assigned.get('timeout') ?? null) : (moduleDefaults?.get('timeout') ?? null);
  let timeout = callTimeout({
    sm,
    client: site.client,
    call: options,
    instance: instanceLayers,
    assignedTimeout: assignedTimeout ?? (site.instance && !site.instance.declaredAs ? (moduleDefaults?.get('timeout') ?? null) : null),
    chain,
    node: site.node,
    isUndiciFetch: site.leaf.shape === 'fetch',
  });

  // An instance made in another module may carry a timeout we cannot see.
  if (site.instance?.external && timeout.status === 'missing') {
    timeout = { status: 'unknown', ms: null, source: null, note: `${site.instance.name ?? 'the instance'} is created elsewhere; its defaults are not visible here` };
  }

  // Signal.
  const signalLookup = options.get('signal');
  const signal =
    signalLookup.kind === 'found' ? { node: signalLookup.value, isTimeout: signalTimeout(sm, signalLookup.value) !== null } : undefined;

  // Idempotency-Key.
  let idempotencyValue: Node | null = null;
  if (site.client === 'superagent') {
    for (const link of chain) {
      if (link.name !== 'set') continue;
      const [k, v] = link.call.arguments;
      if (k && v && isIdempotencyHeaderName(staticString(sm, k))) idempotencyValue = v;
      else if (k && !v) idempotencyValue = findIdempotencyHeader(sm, k)?.value ?? idempotencyValue;
    }
  } else {
    for (const layer of layers) {
      const h = layer.get('headers');
      if (h.kind !== 'found') continue;
      const hit = findIdempotencyHeader(sm, h.value);
      if (hit) {
        idempotencyValue = hit.value;
        break;
      }
    }
  }

  const instanceName = site.instance?.name ?? null;
  const service = serviceName({ host: url?.host ?? null, instanceName, urlNode: url?.node ?? layout.urlNode });

  const call: OutboundCall = {
    client: site.client,
    label: labelOf(ctx, site),
    node,
    callee: site.node.callee,
    range: node.range,
    loc: node.loc,
    method,
    url,
    service,
    options: options.info,
    timeout,
    idempotencyKey: idempotencyValue !== null,
    retries: [],
    breaker: null,
    bulkhead: null,
  };
  if (site.instance?.declaredAs) call.declaredAs = site.instance.declaredAs;
  if (site.instance && !site.instance.declaredAs) {
    call.instance = { name: site.instance.name ?? '(anonymous)', node: site.instance.node };
    if (site.instance.options) call.instance.options = site.instance.options;
  }
  if (signal) call.signal = signal;
  if (idempotencyValue) call.idempotencyKeyNode = idempotencyValue;
  return { call, details: { site, chain, idempotencyValue } };
}

function upper(s: string | null): string | null {
  return s === null ? null : s.toUpperCase();
}

function labelOf(ctx: AnalysisContext, site: CallSite): string {
  const callee = unwrap(site.node.callee);
  let text = ctx.source.text.slice(callee.range[0], callee.range[1]).replace(/\s+/g, '');
  if (text.length > 60) {
    const name = callee.type === 'MemberExpression' ? memberName(callee) : null;
    text = name ? `….${name}` : `${text.slice(0, 57)}…`;
  }
  if (site.instance?.declaredAs) return `${text} (declared ${site.client} client)`;
  if (site.instance) return `${text} (${site.client} instance)`;
  return text;
}

