// wrap-policy: routes a call through the named policy of its service,
//   await fetch(url, init)  →  await payments.execute(({ signal }) => fetch(url, { ...init, signal }))
// with the policy's signal passed in the client's own option, `{ method }` (and the request's
// Idempotency-Key) in the execute options for a non-idempotent request, and the service recorded
// for the policy module (written by extraFiles).
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node, type CallExpression, type NewExpression } from 'ts-morph';
import type { TransformContext } from './context.js';
import { applyWithin } from './edits.js';
import { executeOptions } from './execute-options.js';
import { guardedByAnalysis, insideExecute } from './guards.js';
import { callAt } from './locate.js';
import { selectAt } from './only.js';
import { isPolicyModule, recordPolicyUse, usePolicy } from './service-policy.js';
import { existingSignalProperty, passSignal, signalLocalName } from './signal.js';

/** Calls whose result is a stream or a socket, not a promise: a policy cannot wrap them. */
const NOT_A_PROMISE = new Set(['stream', 'pipeline', 'connect', 'upgrade', 'dispatch']);
/** Methods of a response promise (got, ky) that still return a promise: wrapped together with the call. */
const SETTLE = new Set(['then', 'catch', 'finally']);

export function wrapPolicy(ctx: TransformContext): void {
  if (isPolicyModule(ctx)) return;
  for (const call of selectAt(ctx.analysis.calls, (c) => c.range, ctx.only)) {
    if (guardedByAnalysis(call)) continue;
    const node = callAt(ctx.sf, call.range);
    if (!node || !(Node.isCallExpression(node) || Node.isNewExpression(node))) continue;
    if (insideExecute(ctx, node)) continue;
    const result = planWrap(ctx, call, node);
    if ('skip' in result) ctx.skip(call.range[0], `${call.label}: ${result.skip}`);
  }
}

function planWrap(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression): { skip: string } | { done: boolean } {
  if (!call.service) return { skip: 'no service name can be told (the URL host is not static and no client instance names it); wrap it by hand' };
  const calleeName = nameOfCallee(node);
  if (calleeName && NOT_A_PROMISE.has(calleeName)) return { skip: `\`${calleeName}\` does not return a promise; a policy cannot wrap it` };
  if (call.client === 'superagent' && /\.end\s*\(/.test(node.getText())) return { skip: 'a callback-style superagent chain (`.end(cb)`) does not return a promise; wrap it by hand' };

  const span = wrappedSpan(call, node);
  if ('skip' in span) return span;
  const except = existingSignalProperty(ctx, call);
  const local = signalLocalName(ctx, span.node, except);
  const signal = passSignal(ctx, call, node, local);
  if ('reason' in signal) return { skip: signal.reason };

  const policy = usePolicy(ctx, call.service);
  const policyLocal = policy.local;
  const inner = applyWithin(span.node.getText(), span.node.getStart(), signal.edits);
  const param = !signal.passed ? '()' : local === 'signal' ? '({ signal })' : `({ signal: ${local} })`;
  const opts = executeOptions(ctx, call, signal.callerSignal);
  const text = `${policyLocal}.execute(${param} => ${inner}${opts ? `, ${opts}` : ''})`;
  const accepted = ctx.commit([{ start: span.node.getStart(), end: span.node.getEnd(), text }], call.range[0], `${call.label} → ${policyLocal}.execute(…) (policy '${call.service}')`, () => {
    recordPolicyUse(ctx, policy, call.url?.host);
    ctx.wrapped.push([span.node.getStart(), span.node.getEnd()]);
  });
  return { done: accepted };
}

function nameOfCallee(node: CallExpression | NewExpression): string | null {
  const callee = node.getExpression();
  if (Node.isPropertyAccessExpression(callee)) return callee.getName();
  if (Node.isIdentifier(callee)) return callee.getText();
  return null;
}

/**
 * What to wrap: the call itself, extended over response helpers that still return a promise
 * (`got(url).json()`, `ky.get(url).json()`); for node:http, the `new Promise` whose executor makes
 * the request (the request object itself is not a promise).
 */
function wrappedSpan(call: OutboundCall, node: CallExpression | NewExpression): { node: Node } | { skip: string } {
  if (call.client === 'node-http') {
    const fn = node.getFirstAncestor((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a));
    const promise = fn?.getParent();
    if (fn && Node.isNewExpression(promise) && promise.getExpression().getText() === 'Promise' && promise.getArguments()[0] === fn) return { node: promise };
    return { skip: 'node:http returns a request object, not a promise; wrap the promise that settles with its response' };
  }
  let span: Node = node;
  for (;;) {
    const parent = span.getParent();
    if (!Node.isPropertyAccessExpression(parent) || parent.getExpression() !== span || SETTLE.has(parent.getName())) break;
    const outer = parent.getParent();
    if (!Node.isCallExpression(outer) || outer.getExpression() !== parent) break;
    span = outer;
  }
  return { node: span };
}
