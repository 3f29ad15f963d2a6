// compose(): policies listed outermost first. Runs of policies that follow the default order
// (deadline ∘ retry ∘ breaker ∘ bulkhead ∘ timeout) fuse into one pipeline; a policy out of that
// order starts a nested pipeline that gets the outer attempt's signal, and with it its deadline.
import { Fallback } from './fallback.js';
import { Pipeline, rankOf } from './pipeline.js';
import { need, type Policy } from './stage.js';

export function compose<T>(first: Fallback<T>, ...rest: Policy[]): Fallback<T>;
export function compose(...policies: Policy[]): Policy;
export function compose(...policies: (Policy | Fallback<unknown>)[]): Policy | Fallback<unknown> {
  const [first, ...rest] = policies;
  need(first && !rest.some((p) => p instanceof Fallback), 'compose() needs policies, and a fallback only in first place');
  if (first instanceof Fallback) return new Fallback(first.levels, first.options, rest[0] && compose(...(rest as Policy[])));
  const groups: Policy[][] = [];
  let last = 9;
  for (const p of policies as Policy[]) {
    const k = rankOf(p) || 9;
    if (k <= last) groups.push([]);
    groups.at(-1)!.push(p);
    last = k;
  }
  let inner: Policy | undefined;
  for (const g of groups.reverse()) inner = new Pipeline(inner ? [...g, inner] : g, g[0]!.name);
  return inner!;
}
