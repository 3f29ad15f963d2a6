// Where a new option of a call goes — the step add-timeout (`timeout`, `signal: AbortSignal…`) and
// the policy wrapper (`signal`) share: a new options argument, a property of an inline object, or
// `{ ...opts, key: value }` around a variable that lacks the key. Each caller words the refusals
// its own way and decides what to do with a key the inline object already has.
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node, type CallExpression, type NewExpression, type ObjectLiteralExpression } from 'ts-morph';
import type { TransformContext } from './context.js';
import type { Edit } from './edits.js';
import { nodeAt } from './locate.js';
import { addProperty, hasSpread, insertArgument, propertyNamed } from './objects.js';

export type OptionSlot =
  /** `prop` placed; `newArgument`: as a new options argument `{ prop }`. */
  | { edits: Edit[]; newArgument: boolean }
  /** The inline options object already has the key: its property node. */
  | { existing: Node }
  /**
   * Not placed: `argument` — no place for an options argument; `dynamic` — options computed at run
   * time; `object` — the options object is not in this text; `spread` — it spreads another object
   * that may set the key; `variable` — a variable (`variable`: its text) that sets the key.
   */
  | { refused: 'argument' | 'dynamic' | 'object' | 'spread' | 'variable'; variable?: string };

/** Places the property text `prop` (for the option `key`) into the call's options. */
export function optionSlot(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression, key: string, prop: string): OptionSlot {
  const opts = call.options;
  const argAt = node.getArguments()[opts.argIndex];
  const callbackInTheWay = argAt !== undefined && (Node.isArrowFunction(argAt) || Node.isFunctionExpression(argAt));
  if (opts.kind === 'absent' || callbackInTheWay) {
    const edits = insertArgument(node, opts.argIndex, `{ ${prop} }`);
    return edits ? { edits, newArgument: true } : { refused: 'argument' };
  }
  if (opts.kind === 'dynamic' || !opts.object) return { refused: 'dynamic' };
  const obj = nodeAt(ctx.sf, opts.object.range, Node.isObjectLiteralExpression) as ObjectLiteralExpression | undefined;
  if (!obj) return { refused: 'object' };
  if (hasSpread(obj)) return { refused: 'spread' };
  const existing = propertyNamed(obj, key);
  if (opts.kind === 'variable') {
    if (existing || !argAt) return { refused: 'variable', variable: argAt?.getText() ?? 'a variable' };
    return { edits: [{ start: argAt.getStart(), end: argAt.getEnd(), text: `{ ...${argAt.getText()}, ${prop} }` }], newArgument: false };
  }
  return existing ? { existing } : { edits: addProperty(obj, prop), newArgument: false };
}
