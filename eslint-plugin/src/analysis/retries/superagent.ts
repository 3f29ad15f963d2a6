// superagent's `.retry(count, callback)` in a request chain. From superagent 10's source: no count
// (or `true`) means 1 retry; it retries network errors, timeouts and 408/413/429/5xx — for every
// method, POST included — immediately, with no delay; a callback returning true retries anything.
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, staticValue, unwrap } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import type { OutboundCall, RetryConstruct } from '../types.js';
import { alwaysTrue } from './policy-retry.js';

type Node = TSESTree.Node;

/** The `.retry(…)` link of a superagent chain, walking in from its outermost call. */
function retryLink(call: OutboundCall): TSESTree.CallExpression | null {
  let n: Node = call.node;
  for (let i = 0; i < 50; i++) {
    if (n.type !== 'CallExpression') return null;
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression') return null;
    if (memberName(callee) === 'retry') return n;
    n = unwrap(callee.object);
  }
  return null;
}

export function superagentRetries(ctx: AnalysisContext, calls: readonly OutboundCall[]): RetryConstruct[] {
  const out: RetryConstruct[] = [];
  for (const call of calls) {
    if (call.client !== 'superagent') continue;
    const link = retryLink(call);
    if (!link) continue;
    const countArg = link.arguments[0];
    let retries: number | null = 1;
    if (countArg && countArg.type !== 'SpreadElement') {
      const v = staticValue(ctx.source.scopeManager, countArg);
      retries = v?.value === true ? 1 : typeof v?.value === 'number' ? Math.max(0, v.value) : null;
    }
    if (retries === 0) continue;
    const callback = link.arguments[1];
    const text = ctx.source.text.slice(link.range[0], link.range[1]);
    out.push({
      kind: 'superagent-retry',
      node: link,
      label: `superagent ${text.slice(text.lastIndexOf('.retry('))}`.slice(0, 60),
      form: 'client-option',
      maxAttempts: retries === null ? null : retries + 1,
      backoff: { growth: 'none', jitter: false, node: link },
      retriesAllErrors: callback && callback.type !== 'SpreadElement' ? alwaysTrue(callback) : false,
      retriesClientErrors: callback && callback.type !== 'SpreadElement' ? alwaysTrue(callback) : false,
      retriesNonIdempotent: true,
      calls: [call],
      predicateNode: callback ?? link,
    });
  }
  return out;
}
