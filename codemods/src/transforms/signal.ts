// Passing a policy's signal into a call, in the client's own `signal` option, so that the policy's
// timeout, the breaker and the caller's abort actually end the request. A signal the call already
// had moves to the execute options (`execute(fn, { signal: theirs })`): the runtime aborts the work
// when the caller's signal aborts, so nothing the user wired up is lost.
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node, SyntaxKind, type CallExpression, type NewExpression, type ObjectLiteralExpression } from 'ts-morph';
import { CLIENT_FACTS } from './clients.js';
import type { TransformContext } from './context.js';
import type { Edit } from './edits.js';
import { nodeAt } from './locate.js';
import { propertyNamed } from './objects.js';
import { optionSlot } from './option-slot.js';

/** `callerSignal`: the signal the call had (the expression, as a node of this text), now for the execute options. */
export type SignalPlan = { edits: Edit[]; passed: boolean; callerSignal?: Node } | { reason: string };

/** Edits inside `node` that give the call `signal: <local>`. */
export function passSignal(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression, local: string): SignalPlan {
  if (!CLIENT_FACTS[call.client].signal) return { edits: [], passed: false };
  const prop = local === 'signal' ? 'signal' : `signal: ${local}`;
  const slot = optionSlot(ctx, call, node, 'signal', prop);
  if ('edits' in slot) return { edits: slot.edits, passed: true };
  if ('refused' in slot) {
    switch (slot.refused) {
      case 'argument': return { reason: 'cannot tell where its options argument goes' };
      case 'dynamic': return { reason: 'its options are computed at run time, so the policy signal cannot be passed in; wrap it by hand' };
      case 'object': return { reason: 'its options object was not found' };
      case 'spread': return { reason: 'its options spread another object that may carry a signal; wrap it by hand' };
      case 'variable': return { reason: `its options come from \`${slot.variable}\`, which sets a signal; wrap it by hand` };
    }
  }
  const { existing } = slot;
  if (Node.isShorthandPropertyAssignment(existing)) {
    return { edits: [{ start: existing.getStart(), end: existing.getEnd(), text: prop }], passed: true, callerSignal: existing.getNameNode() };
  }
  if (Node.isPropertyAssignment(existing)) {
    const init = existing.getInitializerOrThrow();
    return { edits: [{ start: existing.getStart(), end: existing.getEnd(), text: prop }], passed: true, callerSignal: init };
  }
  return { reason: 'its `signal` option is a method' };
}

/** The name for the policy context's signal in `span`: `signal`, unless the span already uses that name. */
export function signalLocalName(ctx: TransformContext, span: Node, except?: Node): string {
  const clash = span.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
    if (id.getText() !== 'signal') return false;
    if (except && id.getStart() >= except.getStart() && id.getEnd() <= except.getEnd()) return false;
    const parent = id.getParent();
    if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
    if (Node.isPropertyAssignment(parent) && parent.getNameNode() === id) return false;
    return true;
  });
  return clash ? ctx.imports.reserve('policySignal') : 'signal';
}

/** The existing `signal` property of the call's inline options (excluded from the clash check). */
export function existingSignalProperty(ctx: TransformContext, call: OutboundCall): Node | undefined {
  if (call.options.kind !== 'inline' || !call.options.object) return undefined;
  const obj = nodeAt(ctx.sf, call.options.object.range, Node.isObjectLiteralExpression) as ObjectLiteralExpression | undefined;
  return obj ? propertyNamed(obj, 'signal') : undefined;
}
