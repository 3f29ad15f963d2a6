// no-unsafe-retry: a retried request that is not idempotent (POST, PATCH, …) must carry an
// Idempotency-Key created once, before the retry. Otherwise a lost response turns into a second
// charge, a second order, a second email.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingStatement, memberName, resolveValue, unwrap } from '../analysis/ast.js';
import { callDetails, type OutboundCall, type RetryConstruct } from '../analysis/index.js';
import { lookupIn } from '../analysis/options.js';
import { analysisFor } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';
import { addArgument, addProperty, freeName, lineIndent } from '../util/fix.js';

type Options = [{ unknownMethod?: 'ignore' | 'report' }];
type MessageIds = 'unsafeRetry' | 'keyPerAttempt' | 'addKey' | 'hoistKey';

/** RFC 9110 §9.2.2: the methods whose repetition has the same effect as one request. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Calls that make a fresh unique value each time: a key made by one of these inside the retry changes every attempt. */
const KEY_GENERATORS = /^(randomUUID|uuid|uuidv4|v4|v1|v7|uuidv7|nanoid|ulid|cuid|cuid2|createId|randomBytes|random|now|generateId|generateKey|createIdempotencyKey)$/;

export default createRule<Options, MessageIds>({
  name: 'no-unsafe-retry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow retrying a non-idempotent request (POST, PATCH, …) without an Idempotency-Key created once, outside the retry',
      recommended: 'error',
    },
    hasSuggestions: true,
    messages: {
      unsafeRetry:
        '{{label}} ({{method}}) is retried by {{retry}} without an Idempotency-Key. When an attempt reaches {{target}} but its response is lost, the retry repeats the side effect (a second charge, a second order). Send an Idempotency-Key created once, before the retry, or do not retry this request.',
      keyPerAttempt:
        'The Idempotency-Key of {{label}} ({{method}}) is created inside {{retry}}, so every attempt sends a new key and {{target}} cannot tell a retry from a new request. Create the key once, before the retry.',
      addKey: 'Create `const {{name}} = crypto.randomUUID()` before the retry and send it as the Idempotency-Key header.',
      hoistKey: 'Create the key once before the retry (`const {{name}} = …`) and use it in every attempt.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          unknownMethod: {
            type: 'string',
            enum: ['ignore', 'report'],
            description: 'What to do with a retried request whose method cannot be known statically: ignore it, or report it as possibly non-idempotent.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ unknownMethod: 'ignore' }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'() {
        for (const call of analysisFor(context).calls) {
          const unsafeRetries = call.retries.filter((r) => r.retriesNonIdempotent);
          if (unsafeRetries.length === 0) continue;
          if (call.method === null ? options.unknownMethod !== 'report' : IDEMPOTENT_METHODS.has(call.method)) continue;
          const outermost = unsafeRetries[unsafeRetries.length - 1]!;
          const data = {
            method: call.method ?? 'method unknown',
            label: call.label,
            retry: unsafeRetries[0]!.label,
            target: call.service ?? call.url?.host ?? 'the server',
            name: 'idempotencyKey',
          };
          const loc = { start: call.callee.loc.start, end: call.callee.loc.end };
          if (!call.idempotencyKey) {
            const fix = addKeyFix(call, outermost, sourceCode);
            const name = fix?.name ?? 'idempotencyKey';
            context.report({
              loc,
              messageId: 'unsafeRetry',
              data,
              suggest: fix ? [{ messageId: 'addKey', data: { ...data, name }, fix: fix.apply }] : [],
            });
            continue;
          }
          const perAttempt = keyMadePerAttempt(call, unsafeRetries, sourceCode);
          if (perAttempt) {
            const hoist = hoistFix(call, perAttempt, outermost, sourceCode);
            context.report({
              node: perAttempt.report,
              messageId: 'keyPerAttempt',
              data,
              suggest: hoist ? [{ messageId: 'hoistKey', data: { ...data, name: hoist.name }, fix: hoist.apply }] : [],
            });
          }
        }
      },
    };
  },
});

type SourceCode = Readonly<TSESLint.SourceCode>;
type FixFn = (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[] | null;

/**
 * Where the key declaration goes: before the statement holding the outermost retry, when that
 * statement also holds the call (a loop, `await pRetry(() => …)`). A client-option retry (got's
 * `retry`, superagent's `.retry()`) resends the same headers, so the call's own statement works.
 */
function keyStatement(call: OutboundCall, retry: RetryConstruct): TSESTree.Statement | null {
  // A recursive retry re-enters its function: a key made before it would be shared by every
  // operation. The key has to become a parameter, which is not a local edit.
  if (retry.form === 'recursion') return null;
  const resendsSameRequest = retry.form === 'client-option' || retry.kind === 'superagent-retry' || retry.kind === 'axios-retry';
  const anchor = resendsSameRequest || contains(retry.node, call.node) ? (resendsSameRequest ? call.node : retry.node) : null;
  if (!anchor) return null;
  const statement = enclosingStatement(anchor);
  return statement && contains(statement, call.node) ? statement : null;
}

/** The edit that puts `'Idempotency-Key': name` on the request. */
function headerEdit(call: OutboundCall, name: string, sourceCode: SourceCode): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | null) | null {
  const header = `'Idempotency-Key': ${name}`;
  if (call.client === 'superagent') {
    const origin = callDetails(call)?.site.node;
    return origin ? (fixer) => fixer.insertTextAfter(origin, `.set('Idempotency-Key', ${name})`) : null;
  }
  const o = call.options;
  if (o.kind === 'inline' && o.object) {
    const object = o.object;
    const h = lookupIn(null, object, 'headers');
    if (h.kind === 'absent') return (fixer) => addProperty(fixer, sourceCode, object, `headers: { ${header} }`);
    if (h.kind !== 'found' || h.object !== object) return null;
    const value = unwrap(h.value);
    if (value.type === 'ObjectExpression') return (fixer) => addProperty(fixer, sourceCode, value, header);
    if (value.type === 'NewExpression' && value.callee.type === 'Identifier' && value.callee.name === 'Headers') {
      const init = value.arguments[0] ? unwrap(value.arguments[0]) : null;
      if (init?.type === 'ObjectExpression') return (fixer) => addProperty(fixer, sourceCode, init, header);
      if (!init) return (fixer) => fixer.replaceText(value, `new Headers({ ${header} })`);
      return null;
    }
    // `headers: base` where base is a plain object literal: spread it.
    if (resolveValue(sourceCode.scopeManager, value).type === 'ObjectExpression') {
      const text = sourceCode.getText(h.value);
      const prop = h.property;
      return (fixer) => fixer.replaceText(prop, `headers: { ...${prop.shorthand ? 'headers' : text}, ${header} }`);
    }
    return null;
  }
  if (o.kind === 'absent') {
    const site = callDetails(call)?.site.node;
    if (!site || site.arguments.length === 0) return null;
    return (fixer) => addArgument(fixer, sourceCode, site, o.argIndex, `{ headers: { ${header} } }`);
  }
  return null;
}

function addKeyFix(call: OutboundCall, retry: RetryConstruct, sourceCode: SourceCode): { name: string; apply: FixFn } | null {
  const statement = keyStatement(call, retry);
  if (!statement) return null;
  const name = freeName(sourceCode, [call.node, statement], 'idempotencyKey');
  const header = headerEdit(call, name, sourceCode);
  if (!header) return null;
  const indent = lineIndent(sourceCode, statement);
  return {
    name,
    apply: (fixer) => {
      const h = header(fixer);
      if (!h) return null;
      return [fixer.insertTextBefore(statement, `const ${name} = crypto.randomUUID();\n${indent}`), h];
    },
  };
}

interface PerAttempt {
  /** The generating call (`crypto.randomUUID()`). */
  generator: TSESTree.CallExpression;
  /** Where to report: the header value. */
  report: TSESTree.Node;
  /** The header value is the generator itself (inline), so hoisting is a local edit. */
  inline: boolean;
}

/** The key's generator, when it runs inside a retry that re-runs code (a loop, a retried function). */
function keyMadePerAttempt(call: OutboundCall, retries: RetryConstruct[], sourceCode: SourceCode): PerAttempt | null {
  const value = call.idempotencyKeyNode;
  if (!value) return null;
  const direct = unwrap(value);
  const generator = resolveValue(sourceCode.scopeManager, direct);
  const gen = generatorCall(generator);
  if (!gen) return null;
  for (const retry of retries) {
    if (retry.form === 'client-option' || retry.kind === 'superagent-retry' || retry.kind === 'axios-retry') continue;
    if (contains(retry.node, gen) && retry.node !== gen) return { generator: gen, report: value, inline: direct === generator };
  }
  return null;
}

function generatorCall(node: TSESTree.Node): TSESTree.CallExpression | null {
  let n = node;
  // `${randomUUID()}`, String(uuid()), randomBytes(16).toString('hex')
  if (n.type === 'TemplateLiteral' && n.expressions.length === 1) n = unwrap(n.expressions[0]!);
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && memberName(n.callee) === 'toString') n = unwrap(n.callee.object);
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'String' && n.arguments[0]) n = unwrap(n.arguments[0]);
  if (n.type !== 'CallExpression') return null;
  const callee = unwrap(n.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : null;
  return name && KEY_GENERATORS.test(name) ? n : null;
}

/** Moves an inline generator (`'Idempotency-Key': crypto.randomUUID()`) out of the retry. */
function hoistFix(call: OutboundCall, perAttempt: PerAttempt, retry: RetryConstruct, sourceCode: SourceCode): { name: string; apply: FixFn } | null {
  if (!perAttempt.inline) return null;
  const statement = keyStatement(call, retry);
  if (!statement) return null;
  const name = freeName(sourceCode, [call.node, statement], 'idempotencyKey');
  const indent = lineIndent(sourceCode, statement);
  const text = sourceCode.getText(perAttempt.report);
  const target = perAttempt.report;
  return {
    name,
    apply: (fixer) => [fixer.insertTextBefore(statement, `const ${name} = ${text};\n${indent}`), fixer.replaceText(target, name)],
  };
}
