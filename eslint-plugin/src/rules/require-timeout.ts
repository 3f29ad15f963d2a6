// require-timeout: every outbound call needs a timeout that really ends the request, no longer
// than `maxMs`. A call without one waits as long as the remote side keeps the socket open — the
// failure that took a POS system down for 23 minutes when its payment service hung.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { resolveValue, unwrap } from '../analysis/ast.js';
import { callDetails, type OutboundCall } from '../analysis/index.js';
import { lookupIn } from '../analysis/options.js';
import type { ClientId } from '../analysis/types.js';
import { analysisFor } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';
import { addArgument, addProperty, removeProperty } from '../util/fix.js';

type Options = [
  {
    maxMs?: number;
    suggestMs?: number;
    reportUnknown?: boolean;
    ignoreClients?: ClientId[];
  },
];

type MessageIds =
  | 'missing'
  | 'disabled'
  | 'ineffective'
  | 'tooLong'
  | 'unknown'
  | 'addSignal'
  | 'combineSignal'
  | 'addAxiosTimeout'
  | 'addGotTimeout'
  | 'addKyTimeout'
  | 'removeKyTimeoutFalse'
  | 'addUndiciTimers'
  | 'addUndiciTimer'
  | 'addSuperagentTimeout'
  | 'addOfetchTimeout'
  | 'setTimeoutValue';

/** What to do, per client, in words (the message's second half). */
const HOW: Record<ClientId, string> = {
  fetch: 'Pass `signal: AbortSignal.timeout(ms)` in the init.',
  'node-fetch': 'Pass `signal: AbortSignal.timeout(ms)` in the options.',
  undici: 'Pass `signal: AbortSignal.timeout(ms)`, or set `headersTimeout` and `bodyTimeout`.',
  axios: 'Set `timeout: ms` in the config or on the axios.create() instance.',
  got: 'Set `timeout: { request: ms }`.',
  ky: 'Remove `timeout: false` (ky then times out after 10 s) or set `timeout: ms`.',
  'node-http': 'Pass `signal: AbortSignal.timeout(ms)`; the `timeout` option only emits an event.',
  superagent: 'Chain `.timeout({ deadline: ms })` (or `.timeout(ms)`).',
  ofetch: 'Set `timeout: ms`, or — when you also pass a signal — `signal: AbortSignal.any([signal, AbortSignal.timeout(ms)])`.',
};

const CLIENT_IDS: ClientId[] = ['fetch', 'node-fetch', 'undici', 'axios', 'got', 'ky', 'node-http', 'superagent', 'ofetch'];

export default createRule<Options, MessageIds>({
  name: 'require-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a timeout that ends every outbound HTTP request, no longer than `maxMs`',
      recommended: 'error',
    },
    hasSuggestions: true,
    messages: {
      missing: '{{label}} has no timeout: {{note}}. If {{target}} hangs, this request (and everything waiting on it) hangs too. {{how}}',
      disabled: '{{label}} has its timeout turned off ({{note}}). If {{target}} hangs, this request hangs too. {{how}}',
      ineffective: '{{label}}: {{note}}, so nothing ends a hung request. {{how}}',
      tooLong: '{{label}} may wait {{ms}} ms for {{target}}, more than the {{maxMs}} ms this project allows (require-timeout maxMs). Lower the timeout.',
      unknown: '{{label}}: Breakwater cannot tell whether a timeout applies ({{note}}). Make it visible here. {{how}}',
      addSignal: 'Add `signal: AbortSignal.timeout({{ms}})`.',
      combineSignal: 'Combine the signal with a timeout: `AbortSignal.any([…, AbortSignal.timeout({{ms}})])`.',
      addAxiosTimeout: 'Add `timeout: {{ms}}` to the config.',
      addGotTimeout: 'Set `timeout: { request: {{ms}} }`.',
      addKyTimeout: 'Set `timeout: {{ms}}`.',
      removeKyTimeoutFalse: "Remove `timeout: false` (ky's default of 10000 ms per attempt applies).",
      addUndiciTimers: 'Add `headersTimeout: {{ms}}` and `bodyTimeout: {{ms}}`.',
      addUndiciTimer: 'Add `{{name}}: {{ms}}` (the other timer is already set).',
      addSuperagentTimeout: 'Chain `.timeout({{ms}})`.',
      addOfetchTimeout: 'Add `timeout: {{ms}}`.',
      setTimeoutValue: 'Set the timeout to {{ms}} ms.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxMs: { type: 'integer', minimum: 1, description: 'Longest acceptable timeout, in milliseconds.' },
          suggestMs: { type: 'integer', minimum: 1, description: 'Timeout the suggestions write, in milliseconds (never more than maxMs).' },
          reportUnknown: { type: 'boolean', description: 'Also report calls whose timeout cannot be known from this file (options built at run time, a signal of unknown origin).' },
          ignoreClients: { type: 'array', items: { type: 'string', enum: CLIENT_IDS }, uniqueItems: true, description: 'Clients this rule skips.' },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxMs: 30_000, suggestMs: 5_000, reportUnknown: false, ignoreClients: [] }],
  },
  create(context, [options]) {
    const maxMs = options.maxMs ?? 30_000;
    const ms = Math.min(options.suggestMs ?? 5_000, maxMs);
    const ignored = new Set(options.ignoreClients ?? []);
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'() {
        for (const call of analysisFor(context).calls) {
          if (ignored.has(call.client)) continue;
          const t = call.timeout;
          const target = call.service ?? call.url?.host ?? 'the remote service';
          const data = { label: call.label, note: t.note ?? '', how: HOW[call.client], target, ms: String(t.ms ?? ''), maxMs: String(maxMs) };
          const loc = reportLoc(call);
          if (t.status === 'bounded') {
            if (t.ms !== null && t.ms > maxMs) {
              context.report({ loc, messageId: 'tooLong', data, suggest: tooLongSuggestions(call, ms, sourceCode) });
            }
            continue;
          }
          if (t.status === 'unknown' && !options.reportUnknown) continue;
          const messageId = t.status === 'missing' ? 'missing' : t.status === 'disabled' ? 'disabled' : t.status === 'ineffective' ? 'ineffective' : 'unknown';
          context.report({ loc, messageId, data, suggest: addTimeoutSuggestions(call, ms, sourceCode) });
        }
      },
    };
  },
});

type Suggestion = TSESLint.SuggestionReportDescriptor<MessageIds>;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** The callee's span: short squiggles, and the line a reader looks for. */
function reportLoc(call: OutboundCall): TSESTree.SourceLocation {
  const callee = call.callee;
  return { start: callee.loc.start, end: callee.loc.end };
}

/** Adds a property to the call's options: into the inline object, or as a new options argument. */
function optionsEdit(call: OutboundCall, property: string, sourceCode: SourceCode): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | null) | null {
  const o = call.options;
  if (o.kind === 'inline' && o.object) {
    const object = o.object;
    return (fixer) => addProperty(fixer, sourceCode, object, property);
  }
  if (o.kind === 'absent') {
    const site = callDetails(call)?.site.node ?? (call.node as TSESTree.CallExpression);
    if (site.arguments.length === 0) return null;
    return (fixer) => addArgument(fixer, sourceCode, site, o.argIndex, `{ ${property} }`);
  }
  return null; // options from a variable or built at run time: only the report
}

function suggestion(messageId: MessageIds, ms: number, fix: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | TSESLint.RuleFix[] | null) | null): Suggestion[] {
  return fix ? [{ messageId, data: { ms: String(ms) }, fix }] : [];
}

function existingSignal(call: OutboundCall): TSESTree.Property | null {
  const obj = call.options.kind === 'inline' ? call.options.object : undefined;
  if (!obj) return null;
  const l = lookupIn(null, obj, 'signal');
  return l.kind === 'found' && l.object === obj ? l.property : null;
}

/** `signal: AbortSignal.timeout(ms)`, or the existing signal combined with one. */
function signalSuggestions(call: OutboundCall, ms: number, sourceCode: SourceCode): Suggestion[] {
  const prop = existingSignal(call);
  if (prop) {
    const value = sourceCode.getText(prop.value);
    return [
      {
        messageId: 'combineSignal',
        data: { ms: String(ms) },
        fix: (fixer) => fixer.replaceText(prop, `signal: AbortSignal.any([${value}, AbortSignal.timeout(${ms})])`),
      },
    ];
  }
  if (call.signal) return []; // a signal we cannot edit (options from elsewhere)
  return suggestion('addSignal', ms, optionsEdit(call, `signal: AbortSignal.timeout(${ms})`, sourceCode));
}

function addTimeoutSuggestions(call: OutboundCall, ms: number, sourceCode: SourceCode): Suggestion[] {
  const t = call.timeout;
  const inline = call.options.kind === 'inline' ? call.options.object : undefined;
  const ownProperty = (name: string): TSESTree.Property | null => {
    if (!inline) return null;
    const l = lookupIn(null, inline, name);
    return l.kind === 'found' && l.object === inline ? l.property : null;
  };
  switch (call.client) {
    case 'fetch':
    case 'node-fetch':
    case 'node-http':
      return signalSuggestions(call, ms, sourceCode);
    case 'undici': {
      if (callDetails(call)?.site.leaf.shape === 'fetch') return signalSuggestions(call, ms, sourceCode);
      const out = signalSuggestions(call, ms, sourceCode);
      const headers = ownProperty('headersTimeout');
      const body = ownProperty('bodyTimeout');
      if (!headers && !body) {
        out.push(...suggestion('addUndiciTimers', ms, optionsEdit(call, `headersTimeout: ${ms}, bodyTimeout: ${ms}`, sourceCode)));
      } else if (inline && (!headers || !body)) {
        const name = headers ? 'bodyTimeout' : 'headersTimeout';
        out.push({ messageId: 'addUndiciTimer', data: { ms: String(ms), name }, fix: (fixer) => addProperty(fixer, sourceCode, inline, `${name}: ${ms}`) });
      }
      return out;
    }
    case 'axios': {
      const own = ownProperty('timeout');
      if (own) return [{ messageId: 'setTimeoutValue', data: { ms: String(ms) }, fix: (fixer) => fixer.replaceText(own.value, String(ms)) }];
      return suggestion('addAxiosTimeout', ms, optionsEdit(call, `timeout: ${ms}`, sourceCode));
    }
    case 'got': {
      const own = ownProperty('timeout');
      if (own) {
        const value = resolveValue(null, own.value);
        if (value.type === 'ObjectExpression' && value === unwrap(own.value)) {
          return [{ messageId: 'addGotTimeout', data: { ms: String(ms) }, fix: (fixer) => addProperty(fixer, sourceCode, value, `request: ${ms}`) }];
        }
        return [{ messageId: 'addGotTimeout', data: { ms: String(ms) }, fix: (fixer) => fixer.replaceText(own.value, `{ request: ${ms} }`) }];
      }
      if (t.status === 'ineffective' || t.status === 'disabled') return []; // set on the instance
      return suggestion('addGotTimeout', ms, optionsEdit(call, `timeout: { request: ${ms} }`, sourceCode));
    }
    case 'ky': {
      const own = ownProperty('timeout');
      if (own) {
        return [
          { messageId: 'removeKyTimeoutFalse', data: { ms: String(ms) }, fix: (fixer) => removeProperty(fixer, sourceCode, own) },
          { messageId: 'addKyTimeout', data: { ms: String(ms) }, fix: (fixer) => fixer.replaceText(own.value, String(ms)) },
        ];
      }
      return suggestion('addKyTimeout', ms, optionsEdit(call, `timeout: ${ms}`, sourceCode));
    }
    case 'superagent': {
      const chain = callDetails(call)?.chain ?? [];
      const link = [...chain].reverse().find((l) => l.name === 'timeout');
      if (link) {
        const arg = link.call.arguments[0];
        const obj = arg ? unwrap(arg) : null;
        if (obj?.type === 'ObjectExpression') {
          return [{ messageId: 'addSuperagentTimeout', data: { ms: String(ms) }, fix: (fixer) => addProperty(fixer, sourceCode, obj, `deadline: ${ms}`) }];
        }
        if (arg) return [{ messageId: 'setTimeoutValue', data: { ms: String(ms) }, fix: (fixer) => fixer.replaceText(arg, String(ms)) }];
        return [];
      }
      const node = call.node;
      return [{ messageId: 'addSuperagentTimeout', data: { ms: String(ms) }, fix: (fixer) => fixer.insertTextAfter(node, `.timeout(${ms})`) }];
    }
    case 'ofetch': {
      if (call.signal) return signalSuggestions(call, ms, sourceCode);
      const own = ownProperty('timeout');
      if (own) return [{ messageId: 'setTimeoutValue', data: { ms: String(ms) }, fix: (fixer) => fixer.replaceText(own.value, String(ms)) }];
      return suggestion('addOfetchTimeout', ms, optionsEdit(call, `timeout: ${ms}`, sourceCode));
    }
  }
}

/** Too long: lower the value at the call when it is written there; otherwise add a per-call timeout. */
function tooLongSuggestions(call: OutboundCall, ms: number, sourceCode: SourceCode): Suggestion[] {
  const t = call.timeout;
  const node = t.node;
  const inCall = node && call.node.range[0] <= node.range[0] && node.range[1] <= call.node.range[1];
  if (call.client === 'undici' && callDetails(call)?.site.leaf.shape !== 'fetch' && t.source !== 'signal') return addTimeoutSuggestions(call, ms, sourceCode);
  if (inCall && node) {
    // AbortSignal.timeout(60000) → its argument; a numeric option → the value itself.
    if (node.type === 'CallExpression') {
      const arg = node.arguments[0];
      return arg ? [{ messageId: 'setTimeoutValue', data: { ms: String(ms) }, fix: (fixer) => fixer.replaceText(arg, String(ms)) }] : [];
    }
    if (node.type !== 'ObjectExpression') return [{ messageId: 'setTimeoutValue', data: { ms: String(ms) }, fix: (fixer) => fixer.replaceText(node, String(ms)) }];
  }
  if (t.source === 'instance' || t.source === 'client-default') {
    return addTimeoutSuggestions(call, ms, sourceCode);
  }
  return [];
}
