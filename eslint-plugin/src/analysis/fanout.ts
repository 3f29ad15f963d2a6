// Finds Promise.all/allSettled/any/race over collections of outbound calls (and p-map, itself a
// fan-out) and whether a concurrency bound applies.
//
// Like the retry finder it works outwards from the calls: from each call it walks up to the place
// that starts it once per element (a `map` callback, `Array.from`, `pMap`, a `push` in a loop, an
// array literal), noting any limiter it passes (p-limit, p-queue, Bottleneck, a bulkhead), and
// follows that collection to the combinator that awaits it. One level of same-file indirection:
// `ids.map(getUser)` / `ids.map(id => getUser(id))` where getUser makes the call.
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction } from './ast.js';
import type { AnalysisContext } from './context.js';
import { fixedSize, isChunked, siteCollection, siteConsumers, siteOf, type Combinator, type Site } from './fanout/collection.js';
import { limiterOf } from './fanout/limiters.js';
import { optionsArg, numberOpt } from './retries/option-values.js';
import { strictAnalysis } from './retries/strict.js';
import { callbackCall, callOfUse, isWrappedDeclaration, usesOfFunction } from './retries/functions.js';
import type { FanOut, OutboundCall } from './types.js';

type Node = TSESTree.Node;

interface Path {
  site: Site;
  /** A limiter passed on the way from the call up to the site. */
  limiter: string | null;
}

/** The per-element sites a call is started from (following one level of same-file functions). */
function pathsFrom(ctx: AnalysisContext, start: Node, limiter: string | null, depth: number, out: Path[]): void {
  let child: Node = start;
  for (let n = start.parent; n; child = n, n = n.parent) {
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      if (n.arguments.includes(child as TSESTree.CallExpressionArgument)) {
        const site = siteOf(ctx, n, child);
        if (site) {
          out.push({ site, limiter });
          return;
        }
        limiter ??= limiterOf(ctx, n);
      }
      continue;
    }
    if (n.type === 'ArrayExpression' && n.elements.includes(child as TSESTree.Expression)) {
      // `Promise.all([a(), b()])`; an array built per element (`flatMap(x => [a(x), b(x)])`) walks on.
      const site: Site = { kind: 'literal', array: n };
      if (siteConsumers(ctx, site).length > 0) {
        out.push({ site, limiter });
        return;
      }
    }
    if (isFunction(n)) {
      const k = callbackCall(n);
      const wrapped = !!k && isWrappedDeclaration(n);
      if (k && !wrapped) continue;
      if (wrapped && k) limiter ??= limiterOf(ctx, k);
      if (depth >= 1) return;
      for (const use of usesOfFunction(ctx.source.scopeManager, n)) {
        if (contains(n, use)) continue;
        pathsFrom(ctx, callOfUse(use) ?? use, limiter, depth + 1, out);
      }
      return;
    }
  }
}

function pMapBound(ctx: AnalysisContext, call: TSESTree.CallExpression): string | null {
  const c = numberOpt(ctx, optionsArg(ctx, call, 2), 'concurrency');
  if (c.kind === 'absent') return null;
  if (c.kind === 'value') return Number.isFinite(c.value) ? `p-map's concurrency (${c.value})` : null;
  return "p-map's concurrency";
}

/** Every fan-out over the calls. A call the finder cannot follow is skipped — unless strict (see strictAnalysis). */
export function findFanOuts(ctx: AnalysisContext, calls: readonly OutboundCall[]): FanOut[] {
  if (calls.length === 0) return [];
  const strict = strictAnalysis();
  const byNode = new Map<TSESTree.CallExpression, FanOut>();
  for (const call of calls) {
    const paths: Path[] = [];
    try {
      pathsFrom(ctx, call.node, null, 0, paths);
    } catch (error) {
      if (strict) throw error;
      continue;
    }
    for (const path of paths) {
      for (const consumer of siteConsumers(ctx, path.site)) {
        const size = fixedSize(ctx, path.site);
        let boundedBy: string | null = path.limiter;
        if (!boundedBy && path.site.kind === 'p-map') boundedBy = pMapBound(ctx, path.site.call);
        if (!boundedBy && isChunked(ctx, consumer.node, path.site)) boundedBy = 'chunking';
        if (!boundedBy && size !== null) boundedBy = path.site.kind === 'literal' ? 'a fixed-length array' : `a fixed-length collection (${size})`;
        if (!boundedBy && path.site.kind === 'literal' && size === null) boundedBy = 'a single element';
        merge(byNode, consumer.node, consumer.combinator, call, boundedBy, path.site, size);
      }
    }
  }
  return [...byNode.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function merge(
  byNode: Map<TSESTree.CallExpression, FanOut>,
  node: TSESTree.CallExpression,
  combinator: Combinator,
  call: OutboundCall,
  boundedBy: string | null,
  site: Site,
  size: number | null,
): void {
  const collection = site.kind === 'literal' ? undefined : siteCollection(site);
  let f = byNode.get(node);
  if (!f) {
    f = { node, combinator, bounded: boundedBy !== null, calls: [] };
    if (boundedBy) f.boundedBy = boundedBy;
    if (collection) f.collection = collection;
    if (size !== null && site.kind !== 'literal') f.size = size;
    else if (size !== null) f.size = size;
    byNode.set(node, f);
  } else {
    // One unbounded part makes the whole fan-out unbounded.
    if (!boundedBy && f.bounded) {
      f.bounded = false;
      delete f.boundedBy;
      delete f.size;
      if (collection) f.collection = collection;
    }
  }
  if (!f.calls.includes(call)) f.calls.push(call);
}
