// The collections a fan-out runs over: where per-element work is started (`items.map(fn)`,
// `Array.from(items, fn)`, `pMap(items, fn)`, `promises.push(…)` in a loop, an array literal),
// where those promises end up (`Promise.all(…)`, directly, through `const jobs = …` or a spread),
// and whether the collection is bounded by construction (a fixed length, a chunk of a larger list).
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction, memberName, outermostWrapper, resolveValue, staticNumber, unwrap, variableOf } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { arrayLikeLength, rangeLength } from '../retries/attempts.js';
import { isLoop } from '../retries/loops.js';
import { libRef, type LibRef } from '../retries/modules.js';
import type { FanOut } from '../types.js';

type Node = TSESTree.Node;

export type Combinator = FanOut['combinator'];

const COMBINATORS: Partial<Record<LibRef, Combinator>> = {
  'Promise.all': 'all',
  'Promise.allSettled': 'allSettled',
  'Promise.any': 'any',
  'Promise.race': 'race',
};

/** A place that starts work once per element. */
export type Site =
  | { kind: 'map'; call: TSESTree.CallExpression; collection: Node }
  | { kind: 'p-map'; call: TSESTree.CallExpression; collection: Node }
  | { kind: 'push'; call: TSESTree.CallExpression; array: TSESTree.Identifier; loop: Node }
  | { kind: 'literal'; array: TSESTree.ArrayExpression };

/** Whether `arg`, an argument of `call`, is the per-element function of a mapping site. */
export function siteOf(ctx: AnalysisContext, call: Node, arg: Node): Site | null {
  if (call.type !== 'CallExpression') return null;
  const callee = unwrap(call.callee);
  const ref = libRef(ctx, call);
  if (ref === 'p-map' && call.arguments[1] === arg && call.arguments[0]) return { kind: 'p-map', call, collection: call.arguments[0] };
  if (ref) return null;
  if (callee.type !== 'MemberExpression') return null;
  const name = memberName(callee);
  const object = unwrap(callee.object);
  if ((name === 'map' || name === 'flatMap') && call.arguments[0] === arg && call.arguments.length <= 2) return { kind: 'map', call, collection: callee.object };
  if (name === 'from' && object.type === 'Identifier' && object.name === 'Array' && call.arguments[1] === arg && call.arguments[0]) {
    return { kind: 'map', call, collection: call.arguments[0] };
  }
  if (name === 'push' && call.arguments.includes(arg as TSESTree.CallExpressionArgument) && object.type === 'Identifier') {
    for (let n: Node | undefined = call.parent; n && !isFunction(n); n = n.parent) {
      if (isLoop(n)) return { kind: 'push', call, array: object, loop: n };
    }
  }
  return null;
}

/** The Promise combinators the promises of `expr` flow into: directly, through `.filter(…)`, a spread, or a const. */
export function consumersOf(ctx: AnalysisContext, expr: Node, depth = 0): Array<{ node: TSESTree.CallExpression; combinator: Combinator }> {
  if (depth > 3) return [];
  const e = outermostWrapper(expr);
  const p = e.parent;
  if (!p) return [];
  if (p.type === 'MemberExpression' && p.object === e && /^(filter|slice|concat|flat|reverse|sort|toSorted|toReversed)$/.test(memberName(p) ?? '') && p.parent?.type === 'CallExpression' && p.parent.callee === p) {
    return consumersOf(ctx, p.parent, depth);
  }
  if (p.type === 'SpreadElement' && p.parent?.type === 'ArrayExpression') return consumersOf(ctx, p.parent, depth);
  if (p.type === 'CallExpression' && p.arguments.includes(e as TSESTree.CallExpressionArgument)) {
    const c = COMBINATORS[libRef(ctx, p) ?? ('' as LibRef)];
    return c ? [{ node: p, combinator: c }] : [];
  }
  if (p.type === 'VariableDeclarator' && p.init === e && p.id.type === 'Identifier') return consumersOfVariable(ctx, p.id, depth + 1);
  return [];
}

function consumersOfVariable(ctx: AnalysisContext, id: TSESTree.Identifier, depth: number): Array<{ node: TSESTree.CallExpression; combinator: Combinator }> {
  const variable = variableOf(ctx.source.scopeManager, id);
  const out: Array<{ node: TSESTree.CallExpression; combinator: Combinator }> = [];
  for (const ref of variable?.references ?? []) {
    if (!ref.isRead() || ref.identifier === id) continue;
    out.push(...consumersOf(ctx, ref.identifier as Node, depth));
  }
  return out;
}

/** Where the promises a site creates go. */
export function siteConsumers(ctx: AnalysisContext, site: Site): Array<{ node: TSESTree.CallExpression; combinator: Combinator }> {
  switch (site.kind) {
    case 'map':
      return consumersOf(ctx, site.call);
    case 'literal':
      return consumersOf(ctx, site.array);
    case 'push':
      return consumersOfVariable(ctx, site.array, 1);
    case 'p-map':
      return [{ node: site.call, combinator: 'p-map' }];
  }
}

/** The collection a site walks, for messages and size. */
export function siteCollection(site: Site): Node | undefined {
  switch (site.kind) {
    case 'map':
    case 'p-map':
      return site.collection;
    case 'push':
      return site.loop.type === 'ForOfStatement' ? site.loop.right : undefined;
    case 'literal':
      return site.array;
  }
}

/** The number of elements when fixed by construction (`[a, b]`, `Array.from({ length: 3 })`, `[...Array(4).keys()]`). */
export function fixedSize(ctx: AnalysisContext, site: Site): number | null {
  if (site.kind === 'literal') return site.array.elements.some((e) => e?.type === 'SpreadElement') ? null : site.array.elements.length;
  const collection = siteCollection(site);
  if (!collection) return null;
  const sm = ctx.source.scopeManager;
  const n = resolveValue(sm, unwrap(collection));
  if (n.type === 'ArrayExpression') return n.elements.some((e) => e?.type === 'SpreadElement') ? rangeLength(ctx, n) : n.elements.length;
  if (n.type === 'ObjectExpression') {
    // `Array.from({ length: 3 }, fn)`
    for (const p of n.properties) {
      if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'length') return staticNumber(sm, p.value);
    }
    return null;
  }
  return arrayLikeLength(ctx, n);
}

const CHUNK_NAME = /chunk|batch|page|slice|group|partition|window/i;

/**
 * Chunking: the fan-out runs inside a loop over a bounded slice of the list
 * (`for (…) await Promise.all(ids.slice(i, i + 10).map(…))`, `for (const batch of chunk(ids, 10))`,
 * `while (queue.length) { const batch = queue.splice(0, 10); … }`).
 */
export function isChunked(ctx: AnalysisContext, fanNode: Node, site: Site): boolean {
  const collection = siteCollection(site);
  if (!collection) return false;
  let loop: Node | null = null;
  for (let n = fanNode.parent; n && !isFunction(n); n = n.parent) {
    if (isLoop(n)) {
      loop = n;
      break;
    }
  }
  if (!loop) return false;
  const sm = ctx.source.scopeManager;
  const value = resolveValue(sm, unwrap(collection));
  if (value.type === 'CallExpression' && value.callee.type === 'MemberExpression' && /^(slice|splice)$/.test(memberName(value.callee) ?? '') && value.arguments.length >= 1) {
    return contains(loop, value) || contains(loop, collection);
  }
  const c = unwrap(collection);
  if (c.type === 'Identifier' && loop.type === 'ForOfStatement' && loop.left.type === 'VariableDeclaration') {
    const id = loop.left.declarations[0]?.id;
    if (id?.type !== 'Identifier' || id.name !== c.name) return false;
    const source = unwrap(loop.right);
    const name =
      source.type === 'Identifier'
        ? source.name
        : source.type === 'CallExpression'
          ? (() => {
              const callee = unwrap(source.callee);
              return callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
            })()
          : null;
    return name !== null && CHUNK_NAME.test(name);
  }
  return false;
}
