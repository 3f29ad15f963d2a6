// require-backoff-jitter: a retry must wait between attempts, the wait must grow, and it must be
// randomised. Fixed-interval retries hammer an overloaded service at the same rate forever; clients
// that failed together and back off identically retry together, in waves (the thundering herd).
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../analysis/ast.js';
import { importBindings } from '../analysis/imports.js';
import type { RetryConstruct } from '../analysis/index.js';
import { lookupIn } from '../analysis/options.js';
import { retryDetails, retryReportLoc, retrySubject, retryTarget } from '../analysis/retries/details.js';
import { analysisFor } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';
import { addArgument, addProperty, lineIndent } from '../util/fix.js';
import { averagePreservingJitter, JITTER_FACTOR } from '../util/jitter-fix.js';

type Options = [{ libraries?: boolean; maxDelayMs?: number }];
type MessageIds = 'noDelay' | 'fixedDelay' | 'noJitter' | 'exponentialJitter' | 'fullJitter' | 'addBackoff' | 'libraryJitter';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;
type Fix = (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | TSESLint.RuleFix[] | null;

const RUNTIME_HINT = 'or use retry() from @breakwater/runtime (`npx breakwater fix` replaces hand-rolled loops)';

/** What to change, in the library's own terms. */
function howToFix(r: RetryConstruct, problem: MessageIds): string {
  switch (r.kind) {
    case 'hand-rolled':
      return problem === 'noJitter'
        ? `multiply the delay by \`${JITTER_FACTOR}\` (keeps the average wait) or by \`Math.random()\` (full jitter), ${RUNTIME_HINT}`
        : `wait \`Math.random() * Math.min(cap, base * 2 ** attempt)\` before the next attempt, ${RUNTIME_HINT}`;
    case 'p-retry':
      return problem === 'noJitter' ? 'set `randomize: true`' : 'keep `factor` above 1 and `minTimeout` above 0, and set `randomize: true`';
    case 'async-retry':
      return problem === 'noJitter' ? 'remove `randomize: false`' : 'keep `factor` above 1 and leave `randomize` on';
    case 'axios-retry':
      return 'use `retryDelay: axiosRetry.exponentialDelay` (exponential, with jitter)';
    case 'cockatiel':
      return problem === 'noJitter' ? 'drop `generator: noJitterGenerator` (ExponentialBackoff jitters by default)' : 'use `backoff: new ExponentialBackoff()` (decorrelated jitter by default)';
    case 'superagent-retry':
      return `superagent's .retry() cannot wait between attempts: remove it and ${RUNTIME_HINT.replace(/^or /, '')}`;
    case 'breakwater':
      return "remove `jitter: 'none'` (the default is full jitter)";
    case 'client-option':
      return r.label.startsWith('ky')
        ? 'add `jitter: true` to the retry options'
        : r.label.startsWith('ofetch')
          ? 'set `retryDelay` to a function of the attempt that grows and is randomised, or use retry() from @breakwater/runtime'
          : 'return a growing, randomised delay from `calculateDelay` (or keep got\'s default)';
    default:
      return RUNTIME_HINT.replace(/^or /, '');
  }
}

function problemOf(r: RetryConstruct): 'noDelay' | 'fixedDelay' | 'noJitter' | null {
  const b = r.backoff;
  if (b.growth === 'unknown') return null;
  if (b.growth === 'none') return 'noDelay';
  if (b.growth === 'fixed') return 'fixedDelay';
  return b.jitter ? null : 'noJitter';
}

export default createRule<Options, MessageIds>({
  name: 'require-backoff-jitter',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require retries to wait with growing (exponential) backoff and random jitter between attempts',
      recommended: 'warn',
    },
    hasSuggestions: true,
    // Only an exponential hand-rolled backoff without jitter, and only where the average wait, the
    // attempts and the results provably stay the same (see util/jitter-fix.ts and the rule's doc page).
    fixable: 'code',
    messages: {
      noDelay:
        '{{retry}} tries again immediately, with no wait between attempts: while {{target}} is overloaded or restarting, every failure comes straight back as more load and keeps it down. Back off exponentially with jitter: {{how}}.',
      fixedDelay:
        '{{retry}} waits the same delay before every attempt: a fixed interval keeps hammering {{target}} at the same rate however long it is overloaded, and clients that failed together retry together. Grow the delay exponentially and add jitter: {{how}}.',
      noJitter:
        '{{retry}} backs off {{growth}} but without jitter, so clients that failed together retry together, in synchronized waves that knock {{target}} over again. Randomise the delay: {{how}}.',
      exponentialJitter: 'Wait `{{replacement}}` (exponential backoff with full jitter, capped).',
      fullJitter: 'Wait `{{replacement}}` (full jitter).',
      addBackoff: 'Wait `{{replacement}}` before the next attempt.',
      libraryJitter: 'Randomise the delay: {{change}}.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          libraries: {
            type: 'boolean',
            default: true,
            description:
              'Also check retries configured through libraries and client options in this file (p-retry, async-retry, axios-retry, cockatiel, Breakwater, got/ky/ofetch `retry`, superagent `.retry()`). Hand-rolled loops and recursion are always checked.',
          },
          maxDelayMs: {
            type: 'integer',
            minimum: 1,
            default: 30_000,
            description: 'The cap (milliseconds) of the exponential backoff the suggestions write.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ libraries: true, maxDelayMs: 30_000 }],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const cap = (options.maxDelayMs ?? 30_000).toLocaleString('en-US').replace(/,/g, '_');
    return {
      'Program:exit'() {
        for (const r of analysisFor(context).retries) {
          if (r.implicit) continue;
          if (r.kind !== 'hand-rolled' && options.libraries === false) continue;
          const problem = problemOf(r);
          if (!problem) continue;
          const data = {
            retry: retrySubject(r),
            target: retryTarget(r),
            growth: r.backoff.growth === 'linear' ? 'linearly' : 'exponentially',
            how: howToFix(r, problem),
          };
          const suggest =
            r.kind === 'hand-rolled' ? handRolledSuggestions(r, problem, sourceCode, cap) : librarySuggestions(r, problem, sourceCode);
          const fix = problem === 'noJitter' ? averagePreservingJitter(r, sourceCode) : null;
          context.report({ loc: retryReportLoc(r, r.backoff.node ?? null), messageId: problem, data, suggest, ...(fix ? { fix } : {}) });
        }
      },
    };
  },
});


/** Wraps an expression's text in parentheses unless it is a single token or call. */
function operand(sourceCode: SourceCode, node: Node): string {
  const text = sourceCode.getText(node);
  const n = unwrap(node);
  const simple = n.type === 'Identifier' || n.type === 'Literal' || n.type === 'MemberExpression' || n.type === 'CallExpression';
  return simple ? text : `(${text})`;
}

type Suggestion = { messageId: MessageIds; data: Record<string, string>; fix: Fix };

function handRolledSuggestions(r: RetryConstruct, problem: MessageIds, sourceCode: SourceCode, cap: string): Suggestion[] {
  const d = retryDetails(r);
  const attempt = d.attempt && d.attemptCountsUp !== false ? d.attempt : null;
  const delay = d.delayArg;
  if (problem === 'noJitter' && delay) {
    const replacement = `Math.random() * ${operand(sourceCode, delay)}`;
    return [{ messageId: 'fullJitter', data: { replacement }, fix: (fixer) => fixer.replaceText(delay, replacement) }];
  }
  if (problem === 'fixedDelay' && delay && attempt) {
    const replacement = `Math.random() * Math.min(${cap}, ${operand(sourceCode, delay)} * 2 ** ${attempt})`;
    return [{ messageId: 'exponentialJitter', data: { replacement }, fix: (fixer) => fixer.replaceText(delay, replacement) }];
  }
  if (problem === 'noDelay' && d.handler && d.isAsync && attempt) {
    const handler = d.handler;
    const replacement = `Math.random() * Math.min(${cap}, 100 * 2 ** ${attempt})`;
    const statement = `await new Promise((resolve) => setTimeout(resolve, ${replacement}));`;
    const body = handler.body.body;
    const last = body[body.length - 1];
    return [
      {
        messageId: 'addBackoff',
        data: { replacement },
        fix: (fixer) => {
          if (!last) {
            const indent = lineIndent(sourceCode, handler);
            return fixer.replaceText(handler.body, `{\n${indent}  ${statement}\n${indent}}`);
          }
          const indent = lineIndent(sourceCode, last);
          // Before a trailing `continue`, otherwise at the end of the catch.
          if (last.type === 'ContinueStatement') return fixer.insertTextBefore(last, `${statement}\n${indent}`);
          return fixer.insertTextAfter(last, `\n${indent}${statement}`);
        },
      },
    ];
  }
  return [];
}

function librarySuggestions(r: RetryConstruct, problem: MessageIds, sourceCode: SourceCode): Suggestion[] {
  const sm = sourceCode.scopeManager;
  const one = (change: string, fix: Fix): Suggestion[] => [{ messageId: 'libraryJitter', data: { change }, fix }];
  const call = r.node.type === 'CallExpression' ? r.node : null;
  switch (r.kind) {
    case 'p-retry': {
      if (problem !== 'noJitter' || !call) return [];
      return setBooleanOption(sourceCode, call, 1, 'randomize', true, one);
    }
    case 'async-retry': {
      if (problem !== 'noJitter' || !call) return [];
      return setBooleanOption(sourceCode, call, 1, 'randomize', true, one);
    }
    case 'axios-retry': {
      const callee = call ? unwrap(call.callee) : null;
      if (!call || callee?.type !== 'Identifier') return [];
      const value = `${callee.name}.exponentialDelay`;
      const opts = call.arguments[1] ? unwrap(call.arguments[1]) : null;
      if (!opts) return one(`pass \`{ retryDelay: ${value} }\``, (fixer) => addArgument(fixer, sourceCode, call, 1, `{ retryDelay: ${value} }`));
      if (opts.type !== 'ObjectExpression') return [];
      const l = lookupIn(sm, opts, 'retryDelay');
      if (l.kind === 'absent') return one(`add \`retryDelay: ${value}\``, (fixer) => addProperty(fixer, sourceCode, opts, `retryDelay: ${value}`));
      if (l.kind === 'found' && l.object === opts) return one(`use \`retryDelay: ${value}\``, (fixer) => fixer.replaceText(l.value, value));
      return [];
    }
    case 'breakwater': {
      const node = r.backoff.node;
      if (problem !== 'noJitter' || node?.type !== 'Literal' || node.value !== 'none') return [];
      return one("use `jitter: 'full'`", (fixer) => fixer.replaceText(node, "'full'"));
    }
    case 'cockatiel': {
      if (problem === 'noJitter') return [];
      const local = importBindings(sourceCode, (s) => s === 'cockatiel').find((b) => b.imported === 'ExponentialBackoff' && b.local)?.local?.name;
      const node = r.backoff.node;
      if (!local || !node) return [];
      const value = `new ${local}()`;
      if (node.type === 'CallExpression') {
        // No backoff option: `node` is the retry(...) factory call.
        const opts = node.arguments[1] ? unwrap(node.arguments[1]) : null;
        if (opts?.type !== 'ObjectExpression') return [];
        return one(`add \`backoff: ${value}\``, (fixer) => addProperty(fixer, sourceCode, opts, `backoff: ${value}`));
      }
      if (node.parent?.type === 'Property' && node.parent.value === node) return one(`use \`backoff: ${value}\``, (fixer) => fixer.replaceText(node, value));
      return [];
    }
    case 'client-option': {
      if (!r.label.startsWith('ky') || problem !== 'noJitter') return [];
      const node = r.backoff.node;
      if (!node) return [];
      const v = unwrap(node);
      if (v.type === 'Literal' && typeof v.value === 'number') {
        const text = `{ limit: ${v.value}, jitter: true }`;
        return one(`use \`retry: ${text}\``, (fixer) => fixer.replaceText(node, text));
      }
      if (v.type === 'ObjectExpression') return one('add `jitter: true`', (fixer) => addProperty(fixer, sourceCode, v, 'jitter: true'));
      return [];
    }
    default:
      return [];
  }
}

/** Sets `name: value` in the options object at `index` of `call` (adding the property or the whole argument). */
function setBooleanOption(
  sourceCode: SourceCode,
  call: TSESTree.CallExpression,
  index: number,
  name: string,
  value: boolean,
  one: (change: string, fix: Fix) => Suggestion[],
): Suggestion[] {
  const arg = call.arguments[index];
  const text = `${name}: ${value}`;
  if (!arg) return one(`pass \`{ ${text} }\``, (fixer) => addArgument(fixer, sourceCode, call, index, `{ ${text} }`));
  const opts = unwrap(arg);
  if (opts.type !== 'ObjectExpression') return [];
  const l = lookupIn(sourceCode.scopeManager, opts, name);
  if (l.kind === 'absent') return one(`add \`${text}\``, (fixer) => addProperty(fixer, sourceCode, opts, text));
  if (l.kind === 'found' && l.object === opts) return one(`set \`${text}\``, (fixer) => fixer.replaceText(l.value, String(value)));
  return [];
}
