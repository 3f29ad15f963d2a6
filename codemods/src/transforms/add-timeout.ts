// add-timeout: bounds each unbounded call in the client's own form (PRODUCT.md §2 facts):
// fetch/node-fetch/undici/node:http `signal: AbortSignal.timeout(ms)` (combined with an existing
// signal through AbortSignal.any; an undici request's own headersTimeout/bodyTimeout are lowered
// instead), axios/ky `timeout: ms`, got `timeout: { request: ms }`, ofetch
// `timeout: ms` (the signal form when a signal is passed, since ofetch then ignores `timeout`),
// superagent `.timeout(ms)`. Calls the analysis already finds bounded are left alone, which is
// what makes a second run a no-op.
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node, type CallExpression, type NewExpression, type ObjectLiteralExpression } from 'ts-morph';
import { CLIENT_FACTS } from './clients.js';
import type { TransformContext } from './context.js';
import type { Edit } from './edits.js';
import { callAt, contains, nodeAt } from './locate.js';
import { addProperty, hasSpread, propertyNamed } from './objects.js';
import { optionSlot } from './option-slot.js';
import { appendToChain } from './chain.js';
import { joinSignal } from './join-signal.js';
import { selectAt } from './only.js';
import { lowerUndiciTimers, undiciTimersAt } from './undici-timers.js';
import { longestAccepted, needsTimeout } from './work.js';

export type Plan = { edits: Edit[]; message: string } | { skip: string } | null;

export function addTimeout(ctx: TransformContext): void {
  for (const call of selectAt(ctx.analysis.calls, (c) => c.range, ctx.only)) {
    if (!needsTimeout(call, ctx.options)) continue; // nothing to do; not even a parse
    const node = callAt(ctx.sf, call.range);
    if (!node || !(Node.isCallExpression(node) || Node.isNewExpression(node))) continue;
    const plan = planTimeout(ctx, call, node);
    if (!plan) continue;
    if ('skip' in plan) ctx.skip(call.range[0], `${call.label}: ${plan.skip}`);
    else ctx.commit(plan.edits, call.range[0], `${call.label}: ${plan.message}`);
  }
}

function planTimeout(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression): Plan {
  const ms = ctx.options.timeoutMs;
  const t = call.timeout;
  const tNode = t.node ? nodeAt(ctx.sf, t.node.range) : undefined;
  const tInCall = tNode !== undefined && contains(node, tNode);
  if (t.status === 'bounded' && (t.ms === null || t.ms <= longestAccepted(ctx.options))) return null;
  // undici's headersTimeout/bodyTimeout: the call's own are lowered (both, see undici-timers.ts);
  // a Client's or a fetch dispatcher's are outside the call, which gets a signal, as without any.
  const undiciTimers = undiciTimersAt(ctx, call);
  if (undiciTimers === 'call') return lowerUndiciTimers(ctx, call, node, t.status === 'disabled' ? 'disabled timeout' : `timeout ${t.ms} ms`);
  if (t.status === 'bounded' && undiciTimers === null) {
    if (!tInCall) return { skip: `its ${t.ms} ms timeout is set outside this call; lower it there` };
    return replaceTimeoutValue(call, tNode, ms, `timeout ${t.ms} ms → ${ms} ms`);
  }
  const form = CLIENT_FACTS[call.client].timeout;
  if (t.status === 'unknown') {
    // Only a signal of unknown origin (a caller's, a controller's, a policy context's) makes it
    // unknown: the timeout is added beside it (joined to it, for the signal forms), so both apply.
    const besideSignal = call.signal !== undefined && !call.signal.isTimeout && call.options.kind === 'inline' && !call.options.hasSpread;
    if (!besideSignal) return { skip: `whether a timeout applies cannot be known here (${t.note ?? 'set at run time'}); left as is` };
  }
  if (t.status === 'disabled' && tInCall && undiciTimers === null) return replaceTimeoutValue(call, tNode, ms, `disabled timeout → ${ms} ms`);

  if (form === 'superagent') return superagentTimeout(node, ms);
  const signalForm = form === 'signal' || (form === 'ofetch' && call.signal !== undefined);
  if (signalForm) return withOption(ctx, call, node, 'signal', `AbortSignal.timeout(${ms})`, (existing) => joinSignal(ctx, existing, `AbortSignal.timeout(${ms})`));
  if (form === 'got') return gotTimeout(ctx, call, node, ms);
  return withOption(ctx, call, node, 'timeout', String(ms), null);
}

/** Replaces a too-long or disabled timeout value the analysis points at. */
function replaceTimeoutValue(call: OutboundCall, target: Node, ms: number, message: string): Plan {
  let n: Node = target;
  if (Node.isPropertyAssignment(n)) n = n.getInitializerOrThrow();
  if (Node.isCallExpression(n)) {
    // AbortSignal.timeout(n) or superagent .timeout(n)
    const arg = n.getArguments()[0];
    if (!arg || !isPlainValue(arg)) return { skip: 'its timeout is not a plain number; left as is' };
    n = arg;
  }
  if (!isPlainValue(n)) return { skip: 'its timeout is not a plain value; left as is' };
  const parent = n.getParent();
  const gotWholeObject = call.client === 'got' && Node.isPropertyAssignment(parent) && parent.getName() === 'timeout';
  const text = gotWholeObject ? `{ request: ${ms} }` : String(ms);
  return { edits: [{ start: n.getStart(), end: n.getEnd(), text }], message };
}

function isPlainValue(n: Node): boolean {
  return Node.isNumericLiteral(n) || Node.isPrefixUnaryExpression(n) || Node.isFalseLiteral(n) || Node.isNullLiteral(n) || (Node.isIdentifier(n) && ['Infinity', 'undefined'].includes(n.getText()));
}

/**
 * Puts `key: value` into the call's options (where: optionSlot). `combine` says how
 * to merge with an existing value of the key (its node; null: leave such calls alone).
 */
export function withOption(
  ctx: TransformContext,
  call: OutboundCall,
  node: CallExpression | NewExpression,
  key: string,
  value: string,
  combine: ((existing: Node) => string) | null,
): Plan {
  const prop = `${key}: ${value}`;
  const slot = optionSlot(ctx, call, node, key, prop);
  if ('edits' in slot) return { edits: slot.edits, message: slot.newArgument ? `added { ${prop} }` : `added ${prop}` };
  if ('refused' in slot) {
    switch (slot.refused) {
      case 'argument': return { skip: 'cannot tell where its options argument goes' };
      case 'dynamic': return { skip: `its options are computed at run time; add \`${prop}\` where they are built` };
      case 'object': return null;
      case 'spread': return { skip: `its options spread another object that may set \`${key}\`; add \`${prop}\` yourself` };
      case 'variable': return { skip: `its options come from \`${slot.variable}\`, which sets \`${key}\`; change it there` };
    }
  }
  const { existing } = slot;
  if (!combine) return { skip: `its \`${key}\` option is set in a way this transform does not change` };
  if (Node.isShorthandPropertyAssignment(existing)) {
    return { edits: [{ start: existing.getStart(), end: existing.getEnd(), text: `${key}: ${combine(existing.getNameNode())}` }], message: `${key} combined with ${value}` };
  }
  if (Node.isPropertyAssignment(existing)) {
    const init = existing.getInitializerOrThrow();
    return { edits: [{ start: init.getStart(), end: init.getEnd(), text: combine(init) }], message: `${key} combined with ${value}` };
  }
  return { skip: `its \`${key}\` option is a method; left as is` };
}

function gotTimeout(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression, ms: number): Plan {
  if (call.options.kind === 'inline' && call.options.object) {
    const obj = nodeAt(ctx.sf, call.options.object.range, Node.isObjectLiteralExpression) as ObjectLiteralExpression | undefined;
    const existing = obj ? propertyNamed(obj, 'timeout') : undefined;
    if (existing) {
      const init = Node.isPropertyAssignment(existing) ? existing.getInitializer() : undefined;
      if (init && Node.isObjectLiteralExpression(init) && !hasSpread(init) && !propertyNamed(init, 'request')) {
        return { edits: addProperty(init, `request: ${ms}`), message: `added timeout.request: ${ms}` };
      }
      return { skip: 'its `timeout` option is set in a way this transform does not change' };
    }
  }
  return withOption(ctx, call, node, 'timeout', `{ request: ${ms} }`, null);
}

/** superagent: `.timeout(ms)` after the last request-building call of the chain. */
function superagentTimeout(node: CallExpression | NewExpression, ms: number): Plan {
  return { edits: appendToChain(node, `.timeout(${ms})`), message: `added .timeout(${ms})` };
}
