// The library functions the retry and fan-out finders recognise, resolved through imports and
// requires (never by bare name): retry libraries, sleeps, randomness, concurrency limiters and the
// Promise combinators. One reference-tracking pass per file, memoised.
import type { TSESTree } from '@typescript-eslint/utils';
import { unwrap, variableOf } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { CALL, CONSTRUCT, READ, trackGlobals, trackModules, type ExportTrace } from '../imports.js';

type Node = TSESTree.Node;

export type LibRef =
  | 'p-retry'
  | 'p-retry.makeRetriable'
  | 'p-retry.AbortError'
  | 'async-retry'
  | 'axios-retry'
  | 'axios-retry.exponentialDelay'
  | 'axios-retry.linearDelay'
  | 'axios-retry.isNetworkError'
  | 'axios-retry.isRetryableError'
  | 'axios-retry.isSafeRequestError'
  | 'axios-retry.isIdempotentRequestError'
  | 'axios-retry.isNetworkOrIdempotentRequestError'
  | 'cockatiel.retry'
  | 'cockatiel.wrap'
  | 'cockatiel.bulkhead'
  | 'cockatiel.handleAll'
  | 'cockatiel.handlePredicate'
  | 'cockatiel.ExponentialBackoff'
  | 'cockatiel.ConstantBackoff'
  | 'cockatiel.IterableBackoff'
  | 'cockatiel.DelegateBackoff'
  | 'cockatiel.noJitterGenerator'
  | 'cockatiel.jitterGenerator'
  | 'breakwater.retry'
  | 'breakwater.policy'
  | 'breakwater.compose'
  | 'breakwater.bulkhead'
  | 'breakwater.fetchWith'
  | 'sleep'
  | 'setTimeout'
  | 'random'
  | 'p-limit'
  | 'p-limit.limitFunction'
  | 'p-map'
  | 'p-queue'
  | 'bottleneck'
  | 'Promise.all'
  | 'Promise.allSettled'
  | 'Promise.any'
  | 'Promise.race';

const call = (info: LibRef): ExportTrace<LibRef> => ({ [CALL]: info });

function moduleTraces(): Record<string, ExportTrace<LibRef>> {
  const axiosRetryHelpers: ExportTrace<LibRef> = {
    exponentialDelay: { [READ]: 'axios-retry.exponentialDelay' },
    linearDelay: call('axios-retry.linearDelay'),
    isNetworkError: { [READ]: 'axios-retry.isNetworkError' },
    isRetryableError: { [READ]: 'axios-retry.isRetryableError' },
    isSafeRequestError: { [READ]: 'axios-retry.isSafeRequestError' },
    isIdempotentRequestError: { [READ]: 'axios-retry.isIdempotentRequestError' },
    isNetworkOrIdempotentRequestError: { [READ]: 'axios-retry.isNetworkOrIdempotentRequestError' },
  };
  const predicate = call('cockatiel.handlePredicate');
  const cockatiel: ExportTrace<LibRef> = {
    retry: call('cockatiel.retry'),
    wrap: call('cockatiel.wrap'),
    bulkhead: call('cockatiel.bulkhead'),
    handleAll: { [READ]: 'cockatiel.handleAll' },
    handleWhen: predicate,
    handleType: predicate,
    handleResultType: predicate,
    handleWhenResult: predicate,
    ExponentialBackoff: { [CONSTRUCT]: 'cockatiel.ExponentialBackoff' },
    ConstantBackoff: { [CONSTRUCT]: 'cockatiel.ConstantBackoff' },
    IterableBackoff: { [CONSTRUCT]: 'cockatiel.IterableBackoff' },
    DelegateBackoff: { [CONSTRUCT]: 'cockatiel.DelegateBackoff' },
    noJitterGenerator: { [READ]: 'cockatiel.noJitterGenerator' },
    fullJitterGenerator: { [READ]: 'cockatiel.jitterGenerator' },
    halfJitterGenerator: { [READ]: 'cockatiel.jitterGenerator' },
    decorrelatedJitterGenerator: { [READ]: 'cockatiel.jitterGenerator' },
    Policy: { wrap: call('cockatiel.wrap'), bulkhead: call('cockatiel.bulkhead') },
  };
  const breakwater: ExportTrace<LibRef> = {
    retry: call('breakwater.retry'),
    policy: call('breakwater.policy'),
    compose: call('breakwater.compose'),
    bulkhead: call('breakwater.bulkhead'),
    fetchWith: call('breakwater.fetchWith'),
  };
  const timersPromises: ExportTrace<LibRef> = { setTimeout: call('sleep'), scheduler: { wait: call('sleep') } };
  const crypto: ExportTrace<LibRef> = { randomInt: call('random'), getRandomValues: call('random'), webcrypto: { getRandomValues: call('random') } };
  const pLimit = call('p-limit');
  const pMap = call('p-map');
  return {
    'p-retry': { default: call('p-retry'), makeRetriable: call('p-retry.makeRetriable'), AbortError: { [CONSTRUCT]: 'p-retry.AbortError' } },
    'async-retry': { default: call('async-retry') },
    'axios-retry': { default: { [CALL]: 'axios-retry', ...axiosRetryHelpers }, ...axiosRetryHelpers },
    cockatiel,
    '@breakwater/runtime': { ...breakwater, default: breakwater },
    // Node built-ins are CommonJS: a default import is the whole module.
    'timers/promises': { ...timersPromises, default: timersPromises },
    timers: { promises: timersPromises, default: { promises: timersPromises } },
    crypto: { ...crypto, default: crypto },
    delay: { default: call('sleep') },
    'p-limit': { default: pLimit, pLimit, limitFunction: call('p-limit.limitFunction') },
    'p-map': { default: pMap, pMapSettled: pMap },
    'p-queue': { default: { [CONSTRUCT]: 'p-queue' } },
    bottleneck: { default: { [CONSTRUCT]: 'bottleneck' } },
  };
}

const GLOBALS: Record<string, ExportTrace<LibRef>> = {
  setTimeout: call('setTimeout'),
  scheduler: { wait: call('sleep') },
  Math: { random: call('random') },
  crypto: { randomInt: call('random'), getRandomValues: call('random') },
  Promise: { all: call('Promise.all'), allSettled: call('Promise.allSettled'), any: call('Promise.any'), race: call('Promise.race') },
};

let traces: Record<string, ExportTrace<LibRef>> | null = null;
const cache = new WeakMap<object, Map<Node, LibRef>>();

/** Every recognised library reference in the file: the call/new node (or the read) → what it is. */
export function libRefs(ctx: AnalysisContext): Map<Node, LibRef> {
  let refs = cache.get(ctx.source.ast);
  if (refs) return refs;
  refs = new Map();
  traces ??= moduleTraces();
  try {
    for (const r of trackModules(ctx.source, traces)) refs.set(r.node, r.info);
    for (const r of trackGlobals(ctx.source, GLOBALS)) refs.set(r.node, r.info);
  } catch {
    // A scope manager the tracker cannot follow: nothing recognised rather than a crash.
  }
  cache.set(ctx.source.ast, refs);
  return refs;
}

/** What a node is, as a library reference (TS casts and optional chains looked through by the caller). */
export function libRef(ctx: AnalysisContext, node: Node): LibRef | undefined {
  return libRefs(ctx).get(node);
}

/**
 * What a value refers to, for exports that are read rather than called (`handleAll`,
 * `axiosRetry.exponentialDelay`): the tracker reports a named import's read at its import
 * specifier and a destructured require's at the pattern property, so an identifier is followed to
 * its binding.
 */
export function valueRef(ctx: AnalysisContext, node: Node): LibRef | undefined {
  const refs = libRefs(ctx);
  const n = unwrap(node);
  const direct = refs.get(n);
  if (direct) return direct;
  if (n.type !== 'Identifier') return undefined;
  const def = variableOf(ctx.source.scopeManager, n)?.defs[0];
  if (!def) return undefined;
  if (def.type === 'ImportBinding') return refs.get(def.node);
  if (def.type !== 'Variable') return undefined;
  let p: Node | undefined = def.name.parent;
  if (p?.type === 'AssignmentPattern') p = p.parent;
  if (p?.type === 'Property') return refs.get(p);
  const declarator = def.node as TSESTree.VariableDeclarator;
  return declarator.id === def.name && declarator.init ? refs.get(unwrap(declarator.init)) : undefined;
}
