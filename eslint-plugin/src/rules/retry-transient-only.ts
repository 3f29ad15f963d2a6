// retry-transient-only: retry only what can succeed next time — network errors, timeouts and
// 408/429/5xx. A 400, 401, 403, 404 or 422 fails the same way on every attempt: retrying it only
// adds load to the service and delays the real error by the whole backoff schedule.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { importBindings } from '../analysis/imports.js';
import type { RetryConstruct } from '../analysis/index.js';
import { retryDetails, retryReportLoc, retrySubject, retryTarget } from '../analysis/retries/details.js';
import { analysisFor } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';
import { lineIndent } from '../util/fix.js';

type Options = [{ ignoreLibraries?: boolean }];
type MessageIds = 'retriesEverything' | 'retriesEveryStatus' | 'rethrowClientErrors';
type SourceCode = Readonly<TSESLint.SourceCode>;


/** How to narrow the retry, in the library's own terms. */
function howToFix(r: RetryConstruct): string {
  switch (r.kind) {
    case 'hand-rolled':
      return 'rethrow anything else from the catch (for example `if (!isTransient(err)) throw err`), or use retry() from @breakwater/runtime, which retries only transient failures';
    case 'p-retry':
      return 'pass `shouldRetry: ({ error }) => …` that returns false for 4xx, or throw p-retry\'s `AbortError` for them';
    case 'async-retry':
      return 'call `bail(err)` for 4xx responses';
    case 'cockatiel':
      return 'handle only transient errors — `handleWhen((err) => isTransient(err))` or `handleType(...)` instead of `handleAll`';
    case 'axios-retry':
      return 'drop the `retryCondition` that accepts everything: the default (network errors, 429/5xx on idempotent requests) or `axiosRetry.isRetryableError` are transient-only';
    case 'superagent-retry':
      return "return `undefined` from the callback for anything else, so superagent's transient-only default decides";
    case 'breakwater':
      return 'remove `retryOn` (the default retries transient failures only) or make it return false for 4xx';
    case 'client-option':
      return r.label.startsWith('ofetch') ? 'keep only 408, 429 and 5xx in `retryStatusCodes`' : 'keep only 408, 413, 429 and 5xx in `statusCodes`';
    default:
      return 'retry only network errors, timeouts and 408/429/5xx';
  }
}

export default createRule<Options, MessageIds>({
  name: 'retry-transient-only',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require retries to repeat only transient failures (network errors, timeouts, 408/429/5xx), not every error',
      recommended: 'warn',
    },
    hasSuggestions: true,
    messages: {
      retriesEverything:
        '{{retry}} retries every failure, including 4xx responses (400, 401, 403, 404, 422) that fail the same way on every attempt: each retry only adds load to {{target}} and delays the real error. Retry only network errors, timeouts and 408/429/5xx: {{how}}.',
      retriesEveryStatus:
        '{{retry}} retries every response that is not OK, including 4xx responses (400, 401, 403, 404, 422) that fail the same way on every attempt: each retry only adds load to {{target}} and delays the real error. Retry only when the status is 408, 429 or 5xx, and return or throw anything else.',
      rethrowClientErrors: 'Rethrow 4xx errors other than 408 and 429 at the start of the catch: `{{statement}}`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignoreLibraries: {
            type: 'boolean',
            default: false,
            description:
              'Check only hand-rolled loops and recursion, not retry libraries and client options (p-retry, async-retry, axios-retry, cockatiel, Breakwater, got/ky/ofetch `statusCodes`, superagent).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ ignoreLibraries: false }],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'() {
        for (const r of analysisFor(context).retries) {
          if (r.retriesAllErrors !== true || r.retriesClientErrors === false || r.implicit) continue;
          if (options.ignoreLibraries && r.kind !== 'hand-rolled') continue;
          const byStatus = retryDetails(r).decidesOnStatus === true;
          const data = { retry: retrySubject(r), target: retryTarget(r), how: howToFix(r) };
          const suggestion = rethrowSuggestion(r, sourceCode);
          context.report({
            loc: retryReportLoc(r, r.predicateNode ?? null),
            messageId: byStatus ? 'retriesEveryStatus' : 'retriesEverything',
            data,
            suggest: suggestion ? [suggestion] : [],
          });
        }
      },
    };
  },
});

/**
 * For a hand-rolled retry of axios calls: rethrow client errors at the start of the catch. axios's
 * own `isAxiosError` narrows the error, so the inserted line type-checks in TypeScript too.
 */
function rethrowSuggestion(r: RetryConstruct, sourceCode: SourceCode): { messageId: MessageIds; data: Record<string, string>; fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix } | null {
  const handler = retryDetails(r).handler;
  if (!handler || handler.param?.type !== 'Identifier' || r.calls.length === 0 || !r.calls.every((c) => c.client === 'axios')) return null;
  const axios = importBindings(sourceCode, (s) => s === 'axios').find((b) => (b.imported === 'default' || b.imported === '*') && b.local)?.local?.name;
  if (!axios) return null;
  const e = handler.param.name;
  const status = `${e}.response.status`;
  const statement = `if (${axios}.isAxiosError(${e}) && ${e}.response && ${status} < 500 && ${status} !== 408 && ${status} !== 429) throw ${e};`;
  const first: TSESTree.Statement | undefined = handler.body.body[0];
  return {
    messageId: 'rethrowClientErrors',
    data: { statement },
    fix: (fixer) => {
      if (first) return fixer.insertTextBefore(first, `${statement}\n${lineIndent(sourceCode, first)}`);
      const indent = lineIndent(sourceCode, handler);
      return fixer.replaceText(handler.body, `{\n${indent}  ${statement}\n${indent}}`);
    },
  };
}
