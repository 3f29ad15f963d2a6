// Reading option objects: the argument that carries a call's options (inline literal, a `const`
// in scope, a spread of either), and property lookup that knows when a spread might hide a value.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyKey, resolveValue, unwrap } from './ast.js';
import type { OptionsInfo } from './types.js';

type Node = TSESTree.Node;
type ScopeManager = TSESLint.Scope.ScopeManager | null;

/** The result of looking a property up: found (with its value), certainly absent, or hidden behind a spread we cannot read. */
export type Lookup =
  | { kind: 'found'; value: Node; property: TSESTree.Property; object: TSESTree.ObjectExpression }
  | { kind: 'absent' }
  | { kind: 'unknown' };

const ABSENT: Lookup = { kind: 'absent' };
const UNKNOWN: Lookup = { kind: 'unknown' };

/** Looks `name` up in an object literal, last definition wins, following spreads of known objects. */
export function lookupIn(sm: ScopeManager, object: TSESTree.ObjectExpression, name: string, depth = 0): Lookup {
  const props = object.properties;
  for (let i = props.length - 1; i >= 0; i--) {
    const p = props[i]!;
    if (p.type === 'Property') {
      const key = propertyKey(p);
      if (key === name) {
        const value = p.shorthand && p.value.type === 'Identifier' ? p.value : p.value;
        return { kind: 'found', value: value as Node, property: p, object };
      }
      if (key === null) return UNKNOWN; // a computed key that might be `name`
    } else {
      // SpreadElement
      if (depth > 4) return UNKNOWN;
      const target = resolveValue(sm, p.argument);
      if (target.type !== 'ObjectExpression') return UNKNOWN;
      const inner = lookupIn(sm, target, name, depth + 1);
      if (inner.kind !== 'absent') return inner;
    }
  }
  return ABSENT;
}

/** A readable view of one options argument (or instance defaults). */
export interface OptionsView {
  info: OptionsInfo;
  get(name: string): Lookup;
}

/** Describes the argument at `argIndex` of `call` as options. */
export function optionsAt(sm: ScopeManager, call: TSESTree.CallExpression | TSESTree.NewExpression, argIndex: number): OptionsView {
  const arg = call.arguments[argIndex];
  if (!arg || argIndex < 0) return absentOptions(argIndex);
  return optionsOf(sm, arg, argIndex);
}

export function absentOptions(argIndex: number): OptionsView {
  return { info: { argIndex, kind: 'absent', hasSpread: false }, get: () => ABSENT };
}

/** Describes an expression used as options (a call argument, an instance's defaults). */
export function optionsOf(sm: ScopeManager, expr: Node, argIndex: number): OptionsView {
  if (expr.type === 'SpreadElement') return { info: { argIndex, kind: 'dynamic', hasSpread: true }, get: () => UNKNOWN };
  const direct = unwrap(expr);
  if (direct.type === 'ObjectExpression') return objectView(sm, direct, 'inline', argIndex);
  if (direct.type === 'Identifier') {
    const resolved = resolveValue(sm, direct);
    if (resolved.type === 'ObjectExpression') return objectView(sm, resolved, 'variable', argIndex);
  }
  if (direct.type === 'Identifier' && direct.name === 'undefined') return absentOptions(argIndex);
  return { info: { argIndex, kind: 'dynamic', hasSpread: false }, get: () => UNKNOWN };
}

function objectView(sm: ScopeManager, object: TSESTree.ObjectExpression, kind: 'inline' | 'variable', argIndex: number): OptionsView {
  const hasSpread = object.properties.some((p) => p.type === 'SpreadElement');
  return { info: { argIndex, kind, object, hasSpread }, get: (name) => lookupIn(sm, object, name) };
}

/** Looks a property up through several option layers (call first, then instance defaults, …). */
export function lookupLayers(layers: readonly OptionsView[], name: string): { lookup: Lookup; layer: number } {
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!.get(name);
    if (l.kind !== 'absent') return { lookup: l, layer: i };
  }
  return { lookup: ABSENT, layer: -1 };
}

/** The object literal a lookup found, when the value is one (directly or through a const). */
export function objectValue(sm: ScopeManager, lookup: Lookup): TSESTree.ObjectExpression | null {
  if (lookup.kind !== 'found') return null;
  const v = resolveValue(sm, lookup.value);
  return v.type === 'ObjectExpression' ? v : null;
}
