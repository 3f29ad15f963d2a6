// add-timeout for an undici request/stream/Client.request whose options set undici's own per-phase
// timers: the analysis takes the longer of headersTimeout and bodyTimeout as how long the call may
// wait (a timer left unset waits undici's 300 s default, 0 turns it off), so lowering just the one
// it points at leaves the other in charge. Each timer that is off or over the limit is set to the
// timeout at the call: its value replaced where the call's object literal writes it, else a
// property added after everything else in the call's options (it overrides a const object they
// spread, and a request's own timers override its Client's). One within the limit is kept, wherever
// it is set.
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node, VariableDeclarationKind, type CallExpression, type NewExpression, type ObjectLiteralExpression } from 'ts-morph';
import type { Plan } from './add-timeout.js';
import type { TransformContext } from './context.js';
import type { Edit } from './edits.js';
import { nodeAt } from './locate.js';
import { addProperty, propertyKey } from './objects.js';
import { longestAccepted } from './work.js';

const TIMERS = ['headersTimeout', 'bodyTimeout'] as const;
/** undici's default for either timer (the analysis' UNDICI_DEFAULT_MS). */
const UNDICI_DEFAULT_MS = 300_000;

/** A timer's setting in an options object: the property that sets it last, written in the object itself (`own`) or in a const object it spreads. */
type Setting = { property: Node; own: boolean } | 'absent' | 'unknown';

/**
 * Where the undici timers that decide the call's timeout are set: in the call's own options, or
 * only on its Client/Pool (or, for undici's fetch, its dispatcher's Agent); null when no undici
 * timer decides it (a signal does, or a policy around the call).
 */
export function undiciTimersAt(ctx: TransformContext, call: OutboundCall): 'call' | 'instance' | null {
  const t = call.timeout;
  if (call.client !== 'undici' || (t.status !== 'bounded' && t.status !== 'disabled')) return null;
  if (t.source !== 'call' && t.source !== 'instance') return null;
  // A timer the call sets makes the source 'call'; so does one of 0 anywhere (the analysis gives a
  // disabled timer the call's source), hence the look at the call's own options.
  const options = optionsObject(ctx, call);
  return t.source === 'call' && options !== undefined && TIMERS.some((name) => setting(options, name) !== 'absent') ? 'call' : 'instance';
}

/** Sets each of the call's (`node`'s) timers that is off or over the limit to `timeoutMs`; `was` describes the timeout before, for the note. */
export function lowerUndiciTimers(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression, was: string): Plan {
  const ms = ctx.options.timeoutMs;
  const longest = longestAccepted(ctx.options);
  const accepted = (v: number | null) => v !== null && v > 0 && v <= longest;
  const options = optionsObject(ctx, call);
  const inline = call.options.kind === 'inline';
  if (!options || (!inline && call.options.kind !== 'variable')) return null;
  const instance = call.instance?.options ? (nodeAt(ctx.sf, call.instance.options.range, Node.isObjectLiteralExpression) as ObjectLiteralExpression | undefined) : undefined;

  const replaced: Edit[] = [];
  const added: string[] = [];
  const said: string[] = [];
  let after = 0;
  for (const name of TIMERS) {
    const set = setting(options, name);
    if (set === 'unknown') return { skip: `its options spread an object that may set \`${name}\`; set \`${name}: ${ms}\` yourself` };
    const fromInstance = set === 'absent' && instance ? setting(instance, name) : 'absent';
    const where = set !== 'absent' ? set : fromInstance;
    const v = where === 'absent' ? UNDICI_DEFAULT_MS : where === 'unknown' ? null : numberValue(valueOf(where.property));
    if (accepted(v)) {
      after = Math.max(after, v!);
      continue;
    }
    after = Math.max(after, ms);
    const before = v === null ? 'not static' : v === 0 ? '0 (off)' : String(v);
    if (inline && set !== 'absent' && set.own) {
      const value = valueOf(set.property);
      if (!isNumberLiteral(value)) return { skip: `its \`${name}\` is not a plain number; left as is` };
      replaced.push({ start: value.getStart(), end: value.getEnd(), text: String(ms) });
      said.push(`${name} ${before} → ${ms}`);
      continue;
    }
    added.push(`${name}: ${ms}`);
    const whose = set !== 'absent' ? `the options' was ${before}` : fromInstance !== 'absent' ? `the instance's was ${before}` : `undici's default was ${before}`;
    said.push(`added ${name}: ${ms} (${whose})`);
  }
  if (said.length === 0) return null;
  const message = `${was} → ${after} ms: ${said.join(', ')}`;
  if (added.length === 0) return { edits: replaced, message };
  if (inline) return { edits: [...replaced, ...addProperty(options, added.join(', '))], message };
  // Options from a const object: `{ ...opts, bodyTimeout: ms }` (the shared const is not edited).
  const arg = node.getArguments()[call.options.argIndex];
  return arg ? { edits: [{ start: arg.getStart(), end: arg.getEnd(), text: `{ ...${arg.getText()}, ${added.join(', ')} }` }], message } : null;
}

/** The object literal of the call's options (inline, or the const object a variable holds). */
function optionsObject(ctx: TransformContext, call: OutboundCall): ObjectLiteralExpression | undefined {
  const range = call.options.object?.range;
  return range ? (nodeAt(ctx.sf, range, Node.isObjectLiteralExpression) as ObjectLiteralExpression | undefined) : undefined;
}

/** Where `obj` sets `name` (the last property that does, as at run time), looking into spread const objects. */
function setting(obj: ObjectLiteralExpression, name: string, depth = 0): Setting {
  const props = obj.getProperties();
  for (let i = props.length - 1; i >= 0; i--) {
    const p = props[i]!;
    if (Node.isSpreadAssignment(p)) {
      const spread = depth < 4 ? constObject(p.getExpression()) : undefined;
      if (!spread) return 'unknown';
      const inner = setting(spread, name, depth + 1);
      if (inner === 'absent') continue;
      return inner === 'unknown' ? inner : { property: inner.property, own: false };
    }
    if ((Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) && propertyKey(p) === name) return { property: p, own: true };
    if (Node.isMethodDeclaration(p) && propertyKey(p) === name) return 'unknown';
  }
  return 'absent';
}

/** The object literal a `const` identifier is initialised with (through parentheses and `as const`). */
function constObject(expr: Node): ObjectLiteralExpression | undefined {
  const unwrap = (e: Node): Node => (Node.isParenthesizedExpression(e) || Node.isAsExpression(e) || Node.isSatisfiesExpression(e) ? unwrap(e.getExpression()) : e);
  const e = unwrap(expr);
  if (Node.isObjectLiteralExpression(e)) return e;
  if (!Node.isIdentifier(e)) return undefined;
  const decl = e.getSymbol()?.getValueDeclaration();
  if (!Node.isVariableDeclaration(decl) || decl.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const) return undefined;
  const init = decl.getInitializer();
  const obj = init ? unwrap(init) : undefined;
  return Node.isObjectLiteralExpression(obj) ? obj : undefined;
}

/** A property's value: the initializer, or the name of a shorthand property (the variable it reads). */
function valueOf(p: Node): Node {
  return Node.isPropertyAssignment(p) ? p.getInitializerOrThrow() : Node.isShorthandPropertyAssignment(p) ? p.getNameNode() : p;
}

function isNumberLiteral(n: Node): boolean {
  return Node.isNumericLiteral(n) || (Node.isIdentifier(n) && n.getText() === 'Infinity');
}

/** A number written in place, or a constant's literal type (`const HEADERS_MS = 10_000`); null otherwise. */
function numberValue(n: Node): number | null {
  if (Node.isNumericLiteral(n)) return n.getLiteralValue();
  if (Node.isIdentifier(n) && n.getText() === 'Infinity') return Infinity;
  try {
    const type = n.getType();
    return type.isNumberLiteral() ? Number(type.getLiteralValue()) : null;
  } catch {
    return null; // the checker failed: unknown
  }
}
