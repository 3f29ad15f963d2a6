// Reading one retry option: present with a static value, absent (the library default applies), or
// set from something that cannot be read statically.
import type { TSESTree } from '@typescript-eslint/utils';
import { resolveValue, staticString, staticValue, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { absentOptions, optionsOf, type OptionsView } from '../options.js';

type Node = TSESTree.Node;

export type Opt<T> = { kind: 'value'; value: T; node: Node } | { kind: 'absent' } | { kind: 'dynamic'; node?: Node };

export function optionsArg(ctx: AnalysisContext, call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): OptionsView {
  const arg = call.arguments[index];
  return arg ? optionsOf(ctx.source.scopeManager, arg, index) : absentOptions(index);
}

function read<T>(ctx: AnalysisContext, view: OptionsView, name: string, accept: (v: unknown) => v is T): Opt<T> {
  const l = view.get(name);
  if (l.kind === 'absent') return { kind: 'absent' };
  if (l.kind === 'unknown') return { kind: 'dynamic' };
  const s = staticValue(ctx.source.scopeManager, l.value) ?? infinity(l.value);
  if (s && s.value === undefined) return { kind: 'absent' };
  return s && accept(s.value) ? { kind: 'value', value: s.value, node: l.value } : { kind: 'dynamic', node: l.value };
}

/** `Infinity` / `Number.POSITIVE_INFINITY`, which the static evaluator may not resolve as globals. */
function infinity(node: Node): { value: number } | null {
  const n = unwrap(node);
  if (n.type === 'Identifier' && n.name === 'Infinity') return { value: Infinity };
  if (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'Number' && n.property.type === 'Identifier' && n.property.name === 'POSITIVE_INFINITY') {
    return { value: Infinity };
  }
  return null;
}

export const numberOpt = (ctx: AnalysisContext, view: OptionsView, name: string): Opt<number> =>
  read(ctx, view, name, (v): v is number => typeof v === 'number' && !Number.isNaN(v));
export const booleanOpt = (ctx: AnalysisContext, view: OptionsView, name: string): Opt<boolean> =>
  read(ctx, view, name, (v): v is boolean => typeof v === 'boolean');
export const stringOpt = (ctx: AnalysisContext, view: OptionsView, name: string): Opt<string> =>
  read(ctx, view, name, (v): v is string => typeof v === 'string');

/** The expression an option is set to (unresolved), or null when absent or hidden behind a spread. */
export function optionNode(view: OptionsView, name: string): Node | null {
  const l = view.get(name);
  return l.kind === 'found' ? l.value : null;
}

/** A static list of strings or numbers (`methods: ['GET', 'POST']`, `statusCodes: [500, 503]`); null when not static. */
export function staticList(ctx: AnalysisContext, node: Node): Array<string | number> | null {
  const sm = ctx.source.scopeManager;
  const n = resolveValue(sm, unwrap(node));
  if (n.type !== 'ArrayExpression') {
    const s = staticValue(sm, n);
    return Array.isArray(s?.value) && s.value.every((x) => typeof x === 'string' || typeof x === 'number') ? (s.value as Array<string | number>) : null;
  }
  const out: Array<string | number> = [];
  for (const e of n.elements) {
    if (!e) return null;
    if (e.type === 'SpreadElement') {
      const inner = staticList(ctx, e.argument);
      if (!inner) return null;
      out.push(...inner);
      continue;
    }
    const s = staticValue(sm, e);
    if (typeof s?.value === 'string' || typeof s?.value === 'number') out.push(s.value);
    else {
      const str = staticString(sm, e);
      if (str === null) return null;
      out.push(str);
    }
  }
  return out;
}

/** A view of the options object an option's value is (`retry: { limit: 3 }`), or null when it is not an object literal. */
export function nestedOptions(ctx: AnalysisContext, node: Node): OptionsView | null {
  const v = optionsOf(ctx.source.scopeManager, node, 0);
  return v.info.kind === 'inline' || v.info.kind === 'variable' ? v : null;
}
