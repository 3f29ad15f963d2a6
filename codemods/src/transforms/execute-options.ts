// The second argument of `<policy>.execute(fn, options)`: the caller's signal the call already had,
// and, for a non-idempotent request, its method (so the runtime's retry refuses to repeat it) and
// its Idempotency-Key (so that it may).
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node, type ObjectLiteralExpression } from 'ts-morph';
import { isNonIdempotent } from './clients.js';
import type { TransformContext } from './context.js';
import { needsParens, nullability, withoutNullishDefault } from './join-signal.js';
import { nodeAt } from './locate.js';
import { propertyNamed } from './objects.js';
import { quoted } from './source.js';

export function executeOptions(ctx: TransformContext, call: OutboundCall, callerSignal?: Node): string | null {
  const parts: string[] = [];
  const method = methodPart(ctx, call);
  const key = method ? keyExpression(ctx, call) : null;
  if (callerSignal) {
    // ExecuteOptions.signal is an AbortSignal: a caller's signal that may be null goes in as
    // `?? undefined`; alone, it is passed as the options argument itself (`execute(fn, signal)`),
    // which an optional parameter accepts even under exactOptionalPropertyTypes. A default the
    // call gave it for the client (`signal ?? null`) is dropped first: `signal ?? null ?? undefined`
    // is an always-nullish operand to tsc.
    const theirs = withoutNullishDefault(callerSignal);
    const { mayBeNull, mayBeUndefined } = nullability(ctx, theirs);
    const text = theirs.getText();
    const orUndefined = `${needsParens(theirs) ? `(${text})` : text} ?? undefined`;
    if (!method && (mayBeNull || mayBeUndefined)) return mayBeNull ? orUndefined : text;
    parts.push(mayBeNull ? `signal: ${orUndefined}` : text === 'signal' ? 'signal' : `signal: ${text}`);
  }
  if (method) parts.push(method);
  if (key) parts.push(`headers: { ${quoted(ctx.style, 'Idempotency-Key')}: ${key} }`);
  return parts.length > 0 ? `{ ${parts.join(', ')} }` : null;
}

function methodPart(ctx: TransformContext, call: OutboundCall): string | null {
  if (call.method !== null) return isNonIdempotent(call.method) ? `method: ${quoted(ctx.style, call.method)}` : null;
  // Unknown statically: pass the call's own `method` expression when it is a plain name.
  if (call.options.kind !== 'inline' || !call.options.object) return null;
  const obj = nodeAt(ctx.sf, call.options.object.range, Node.isObjectLiteralExpression) as ObjectLiteralExpression | undefined;
  const prop = obj ? propertyNamed(obj, 'method') : undefined;
  if (Node.isShorthandPropertyAssignment(prop)) return 'method';
  if (Node.isPropertyAssignment(prop)) {
    const init = prop.getInitializerOrThrow();
    if (Node.isIdentifier(init) || Node.isPropertyAccessExpression(init)) return `method: ${init.getText()}`;
  }
  return null;
}

/** The call's Idempotency-Key value, when it is cheap and safe to evaluate a second time. */
function keyExpression(ctx: TransformContext, call: OutboundCall): string | null {
  if (!call.idempotencyKey || !call.idempotencyKeyNode) return null;
  const node = nodeAt(ctx.sf, call.idempotencyKeyNode.range);
  if (!node) return null;
  if (Node.isIdentifier(node) || Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getText();
  if (Node.isPropertyAccessExpression(node) && !node.getText().includes('(')) return node.getText();
  return null;
}
