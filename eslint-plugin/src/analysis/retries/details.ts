// Details of a retry construct that only the rules' suggestions need (not part of the analysis
// contract): the attempt counter's name, the delay expression of the wait, the library options.
import type { TSESTree } from '@typescript-eslint/utils';
import type { OutboundCall, RetryConstruct } from '../types.js';

export interface RetryDetails {
  /** The variable that counts attempts, in scope where the wait happens. */
  attempt?: string;
  /** Whether that variable counts up (attempt 0, 1, 2, …) or down (retries left). */
  attemptCountsUp?: boolean;
  /** The expression the wait is given (`ms` in `setTimeout(r, ms)` / `sleep(ms)`), when the wait is written in place. */
  delayArg?: TSESTree.Node;
  /** How many waits run between attempts (a Retry-After branch next to a computed backoff is two). */
  waits?: number;
  /** A hand-rolled retry that decides on the response's status (`if (res.ok) return res`) rather than in a catch. */
  decidesOnStatus?: boolean;
  /** The catch clause a hand-rolled retry decides in. */
  handler?: TSESTree.CatchClause;
  /** The enclosing function is async (so a suggestion may add an `await`). */
  isAsync?: boolean;
}

const table = new WeakMap<RetryConstruct, RetryDetails>();

export function setRetryDetails(r: RetryConstruct, d: RetryDetails): RetryConstruct {
  table.set(r, d);
  return r;
}

export function retryDetails(r: RetryConstruct): RetryDetails {
  return table.get(r) ?? {};
}

/** Who the calls talk to, for messages: the first call's host, else its service, else "the server". */
export function callsTarget(calls: readonly OutboundCall[]): string {
  const c = calls[0];
  if (c?.url?.host) return c.url.host;
  if (c?.service) return `the ${c.service} service`;
  return 'the server';
}

export const retryTarget = (r: RetryConstruct): string => callsTarget(r.calls);

/** The label as the subject of a message: "A hand-rolled for loop …"; package names (p-retry, got's …) keep their case. */
export const retrySubject = (r: RetryConstruct): string => (/^an? /.test(r.label) ? r.label.charAt(0).toUpperCase() + r.label.slice(1) : r.label);

type Loc = TSESTree.SourceLocation;

/** A short location for a construct: a loop's or function's head, a call's callee, a catch's `catch (e)`. */
export function headLoc(n: TSESTree.Node): Loc {
  switch (n.type) {
    case 'ForStatement':
    case 'ForOfStatement':
    case 'ForInStatement':
    case 'WhileStatement':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'FunctionDeclaration':
    case 'CatchClause':
      return { start: n.loc.start, end: n.body.loc.start };
    case 'DoWhileStatement':
      return { start: n.loc.start, end: { line: n.loc.start.line, column: n.loc.start.column + 2 } };
    case 'IfStatement':
      return n.test.loc;
    case 'CallExpression': {
      const callee = n.callee;
      // `.retry(3)` at the end of a chain: from the method name to the end of the call.
      if (callee.type === 'MemberExpression' && callee.object.type === 'CallExpression') return { start: callee.property.loc.start, end: n.loc.end };
      return callee.loc;
    }
    default:
      return n.loc;
  }
}

/** Where a rule reports a retry: the node it points at (a wait, a predicate), else the construct's head. Options objects are too broad to underline. */
export function retryReportLoc(r: RetryConstruct, preferred: TSESTree.Node | null): Loc {
  if (preferred && preferred.type !== 'ObjectExpression' && preferred !== r.node) {
    return preferred.type === 'CatchClause' || preferred.type === 'IfStatement' ? headLoc(preferred) : preferred.loc;
  }
  return headLoc(r.node);
}
