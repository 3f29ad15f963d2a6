// no-unbounded-fanout: `Promise.all(items.map(x => fetch(…)))` starts one request per element, all
// at once. With a long list that is hundreds of sockets and a flood of requests that turns a slow
// service into a dead one — and every one of them fails together when it does.
import type { TSESLint } from '@typescript-eslint/utils';
import { memberName, unwrap } from '../analysis/ast.js';
import { importBindings } from '../analysis/imports.js';
import type { FanOut } from '../analysis/index.js';
import { lookupIn } from '../analysis/options.js';
import { callsTarget } from '../analysis/retries/details.js';
import { analysisFor } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';
import { addArgument, addProperty } from '../util/fix.js';

type Options = [{ maxFixedSize?: number; concurrency?: number }];
type MessageIds = 'unbounded' | 'pMapUnbounded' | 'tooLarge' | 'usePMap' | 'addConcurrency';
type SourceCode = Readonly<TSESLint.SourceCode>;

const COMBINATOR_TEXT: Record<FanOut['combinator'], string> = {
  all: 'Promise.all',
  allSettled: 'Promise.allSettled',
  any: 'Promise.any',
  race: 'Promise.race',
  'p-map': 'pMap',
};

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-fanout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow starting one outbound request per element of a collection all at once, without a concurrency limit',
      recommended: 'warn',
    },
    hasSuggestions: true,
    messages: {
      unbounded:
        '{{combinator}} starts {{what}} for every element of `{{collection}}` at once, with no concurrency limit: a long list opens as many connections as it has elements and floods {{target}}, and they all fail together when it slows down. Bound it: p-limit (`const limit = pLimit({{n}})`, then `limit(() => …)` per element), p-map with `{ concurrency: {{n}} }`, or a bulkhead from @breakwater/runtime.',
      pMapUnbounded:
        'pMap runs {{what}} for every element of `{{collection}}` at once: its `concurrency` defaults to Infinity, so a long list floods {{target}}. Pass `{ concurrency: {{n}} }`.',
      tooLarge:
        '{{combinator}} starts {{what}} for each of {{size}} elements at once (more than {{max}}): that many simultaneous requests flood {{target}}. Bound the concurrency with p-limit, p-map with `{ concurrency: {{n}} }`, or a bulkhead from @breakwater/runtime.',
      usePMap: 'Run at most {{n}} at a time with `{{local}}(…, { concurrency: {{n}} })`.',
      addConcurrency: 'Pass `concurrency: {{n}}`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxFixedSize: {
            type: 'integer',
            minimum: 1,
            default: 20,
            description:
              'A collection of fixed, statically known length (`[a, b, c]`, `Array.from({ length: 5 }, …)`) counts as bounded up to this many elements.',
          },
          concurrency: {
            type: 'integer',
            minimum: 1,
            default: 8,
            description: 'The concurrency the messages and suggestions propose.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ maxFixedSize: 20, concurrency: 8 }],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const max = options.maxFixedSize ?? 20;
    const n = String(options.concurrency ?? 8);
    return {
      'Program:exit'() {
        for (const f of analysisFor(context).fanOuts) {
          const tooLarge = f.bounded && f.size !== undefined && f.size > max && f.boundedBy?.startsWith('a fixed-length');
          if (f.bounded && !tooLarge) continue;
          const first = f.calls[0];
          const data = {
            combinator: COMBINATOR_TEXT[f.combinator],
            what: f.calls.length === 1 && first ? `one ${first.label} request` : 'outbound requests',
            collection: f.collection ? shorten(sourceCode.getText(f.collection)) : 'the collection',
            target: callsTarget(f.calls),
            n,
            size: String(f.size ?? ''),
            max: String(max),
          };
          const messageId: MessageIds = tooLarge ? 'tooLarge' : f.combinator === 'p-map' ? 'pMapUnbounded' : 'unbounded';
          const callee = f.node.callee;
          context.report({
            loc: { start: callee.loc.start, end: callee.loc.end },
            messageId,
            data,
            suggest: suggestions(f, sourceCode, n),
          });
        }
      },
    };
  },
});

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}…` : one;
}

type Suggestion = { messageId: MessageIds; data: Record<string, string>; fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | null };

function suggestions(f: FanOut, sourceCode: SourceCode, n: string): Suggestion[] {
  const call = f.node;
  if (f.combinator === 'p-map') {
    const opts = call.arguments[2] ? unwrap(call.arguments[2]) : null;
    if (!opts) return [{ messageId: 'addConcurrency', data: { n }, fix: (fixer) => addArgument(fixer, sourceCode, call, 2, `{ concurrency: ${n} }`) }];
    if (opts.type !== 'ObjectExpression') return [];
    const l = lookupIn(sourceCode.scopeManager, opts, 'concurrency');
    if (l.kind === 'absent') return [{ messageId: 'addConcurrency', data: { n }, fix: (fixer) => addProperty(fixer, sourceCode, opts, `concurrency: ${n}`) }];
    if (l.kind === 'found' && l.object === opts) return [{ messageId: 'addConcurrency', data: { n }, fix: (fixer) => fixer.replaceText(l.value, n) }];
    return [];
  }
  // `Promise.all(items.map(fn))` → `pMap(items, fn, { concurrency: n })`, when the file already imports p-map.
  const local = pMapLocal(sourceCode, f.combinator);
  const arg = call.arguments.length === 1 ? unwrap(call.arguments[0]!) : null;
  if (!local || arg?.type !== 'CallExpression' || arg.arguments.length !== 1 || arg.callee.type !== 'MemberExpression' || memberName(arg.callee) !== 'map') return [];
  const mapper = arg.arguments[0]!;
  const items = arg.callee.object;
  if (mapper.type === 'SpreadElement') return [];
  const text = `${local}(${sourceCode.getText(items)}, ${sourceCode.getText(mapper)}, { concurrency: ${n} })`;
  return [{ messageId: 'usePMap', data: { n, local }, fix: (fixer) => fixer.replaceText(call, text) }];
}

/** The local name of p-map's default export (for Promise.all) or `pMapSettled` (for allSettled), when imported. */
function pMapLocal(sourceCode: SourceCode, combinator: FanOut['combinator']): string | null {
  const wanted = combinator === 'all' ? 'default' : combinator === 'allSettled' ? 'pMapSettled' : null;
  if (!wanted) return null;
  const b = importBindings(sourceCode, (s) => s === 'p-map').find((x) => x.imported === wanted && x.local);
  return b?.local?.name ?? null;
}
