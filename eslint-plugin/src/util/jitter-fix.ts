// The one autofix in the plugin: a hand-rolled retry whose wait grows exponentially without jitter
// gets its wait multiplied by `(0.5 + Math.random())` (50–150 % of the delay, uniformly). The
// factor's average is exactly 1, so the average wait is unchanged; the attempts, what each attempt
// sends and what the function returns do not depend on the length of a wait, so they are unchanged
// too. Only when each client's retries happen is spread out — which is the point of jitter.
//
// That argument holds only under conditions checked here; anywhere else the rule keeps its
// suggestions and offers no fix:
// - a loop or recursion with a static number of attempts (not "until it works", not a time budget),
//   whose code does not read the clock (Date.now(), new Date(), performance.now(), process.hrtime):
//   otherwise how long the waits are could change how many attempts run;
// - exactly one wait between attempts, written in place (`setTimeout(r, delay)`, `sleep(delay)`),
//   so the edit is unambiguous;
// - a delay computed here: the expression, or the variable it names and every value assigned to it,
//   calls no function but Math's arithmetic (min, max, pow, …) and Number/parseInt/parseFloat;
//   never a delay computed by another function, and never one that is already random;
// - `Math` is the global one.
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { memberName, scopeOf, unwrap, variableOf } from '../analysis/ast.js';
import type { RetryConstruct } from '../analysis/index.js';
import { retryDetails } from '../analysis/retries/details.js';
import { someNode } from '../analysis/retries/reach.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

export const JITTER_FACTOR = '(0.5 + Math.random())';

const MATH_ARITHMETIC = new Set(['min', 'max', 'pow', 'round', 'floor', 'ceil', 'trunc', 'abs']);
const CONVERSIONS = new Set(['Number', 'parseInt', 'parseFloat']);
const RANDOM = /random|jitter/i;

/** `Date.now()`, `new Date()`, `Date()`, `performance.now()`, `process.hrtime()` anywhere in `root`. */
function readsClock(root: Node): boolean {
  return someNode(root, (n) => {
    if ((n.type === 'NewExpression' || n.type === 'CallExpression') && n.callee.type === 'Identifier' && n.callee.name === 'Date') return true;
    if (n.type !== 'MemberExpression' || n.object.type !== 'Identifier') return false;
    const name = memberName(n);
    const o = n.object.name;
    return (o === 'Date' && name === 'now') || (o === 'performance' && name === 'now') || (o === 'process' && name === 'hrtime');
  });
}

/** Whether an expression is plain local arithmetic: no call but Math's and number conversions, nothing random, no side effects. */
function localArithmetic(expr: Node): boolean {
  return !someNode(expr, (n) => {
    switch (n.type) {
      case 'CallExpression': {
        const callee = unwrap(n.callee);
        const isMath = callee.type === 'MemberExpression' && unwrap(callee.object).type === 'Identifier' && (unwrap(callee.object) as TSESTree.Identifier).name === 'Math';
        const name = callee.type === 'MemberExpression' ? memberName(callee) : callee.type === 'Identifier' ? callee.name : null;
        return !((isMath && name && MATH_ARITHMETIC.has(name)) || (callee.type === 'Identifier' && CONVERSIONS.has(callee.name)));
      }
      case 'NewExpression':
      case 'TaggedTemplateExpression':
      case 'AwaitExpression':
      case 'YieldExpression':
      case 'AssignmentExpression':
      case 'UpdateExpression':
      case 'SequenceExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return true;
      case 'Identifier':
        return RANDOM.test(n.name);
      default:
        return false;
    }
  });
}

/** The values a variable takes: its initialiser and what is assigned to it (`d = …`, `d *= 2`); null when one cannot be read. */
function assignedValues(sourceCode: SourceCode, id: TSESTree.Identifier): Node[] | null {
  const variable = variableOf(sourceCode.scopeManager, id);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  const out: Node[] = [];
  if (def.type === 'Variable') {
    const init = (def.node as TSESTree.VariableDeclarator).init;
    if (init) out.push(init);
  } else if (def.type !== 'Parameter') {
    return null;
  }
  for (const ref of variable.references) {
    if (!ref.isWrite() || ref.init) continue;
    const p = ref.identifier.parent;
    if (p?.type === 'AssignmentExpression' && p.left === ref.identifier) out.push(p.right);
    else if (p?.type !== 'UpdateExpression') return null; // destructuring, for…of targets
  }
  return out;
}

/** The autofix for `r` (a noJitter finding), or null when the conditions above do not all hold. */
export function averagePreservingJitter(r: RetryConstruct, sourceCode: SourceCode): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  if (r.kind !== 'hand-rolled' || r.backoff.growth !== 'exponential' || r.backoff.jitter || r.maxAttempts === null) return null;
  const d = retryDetails(r);
  const delay = d.delayArg;
  if (!delay || d.waits !== 1 || readsClock(r.node)) return null;
  const scope = scopeOf(sourceCode.scopeManager, delay);
  if (scope && ASTUtils.findVariable(scope, 'Math')?.defs.length) return null;
  if (!localArithmetic(delay)) return null;
  const n = unwrap(delay);
  if (n.type === 'Identifier') {
    const values = assignedValues(sourceCode, n);
    if (!values || !values.every(localArithmetic)) return null;
  }
  const text = sourceCode.getText(delay);
  const simple = n.type === 'Identifier' || n.type === 'Literal' || n.type === 'MemberExpression' || n.type === 'CallExpression';
  const replacement = `${simple ? text : `(${text})`} * ${JITTER_FACTOR}`;
  return (fixer) => fixer.replaceText(delay, replacement);
}
