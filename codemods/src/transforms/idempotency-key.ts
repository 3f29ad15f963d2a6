// idempotency-key: a retried non-idempotent request (POST, PATCH, …) gets an `Idempotency-Key`
// header whose value is created ONCE, before the retry starts, so every attempt carries the same
// key and the server can tell a repeat from a new request:
//   const idempotencyKey = crypto.randomUUID();
//   await pRetry(() => fetch(url, { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } }))
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node, ts, type CallExpression, type NewExpression, type ObjectLiteralExpression } from 'ts-morph';
import { appendToChain } from './chain.js';
import { CLIENT_FACTS } from './clients.js';
import { needsKey } from './work.js';
import type { TransformContext } from './context.js';
import type { Edit } from './edits.js';
import { callAt, contains, enclosingListStatement, nodeAt } from './locate.js';
import { addProperty, hasSpread, insertArgument, propertyNamed } from './objects.js';
import { selectAt } from './only.js';
import { indentAt, quoted } from './source.js';

export function idempotencyKey(ctx: TransformContext): void {
  for (const call of selectAt(ctx.analysis.calls, (c) => c.range, ctx.only)) {
    if (!needsKey(call)) continue;
    const node = callAt(ctx.sf, call.range);
    if (!node || !(Node.isCallExpression(node) || Node.isNewExpression(node))) continue;
    const plan = planKey(ctx, call, node);
    if ('skip' in plan) ctx.skip(call.range[0], `${call.label} (${call.method}): ${plan.skip}`);
  }
}

function planKey(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression): { skip: string } | { done: boolean } {
  // Outside every retry around the call: the outermost one is last.
  const outer = call.retries[call.retries.length - 1]!;
  if (outer.form === 'recursion') return { skip: 'it is retried by recursion; create the key before the first call and pass it down' };
  const retryNode = nodeAt(ctx.sf, outer.node.range);
  const statement = retryNode ? enclosingListStatement(retryNode) : undefined;
  if (!statement || !contains(statement, node)) return { skip: `no statement to create the key before ${outer.label}` };

  const key = ctx.imports.reserve('idempotencyKey');
  const header = headerEdits(ctx, call, node, key);
  if ('skip' in header) return header;

  const text = ctx.text;
  const comments = statement.getLeadingCommentRanges();
  const firstComment = comments[0];
  // Above the comments that describe the retry, so they stay attached to it.
  const attached = firstComment !== undefined && !/\n[ \t]*\r?\n/.test(text.slice(firstComment.getPos(), statement.getStart()));
  const at = attached ? firstComment.getPos() : statement.getStart();
  const decl = `const ${key} = ${uuidExpression(ctx)}${ctx.style.semi}${ctx.style.eol}${indentAt(text, statement.getStart())}`;
  const done = ctx.commit([{ start: at, end: at, text: decl }, ...header.edits], call.range[0], `${call.label} (${call.method}): Idempotency-Key created once before ${outer.label}`);
  return { done };
}

function headerEdits(ctx: TransformContext, call: OutboundCall, node: CallExpression | NewExpression, key: string): { edits: Edit[] } | { skip: string } {
  const name = quoted(ctx.style, 'Idempotency-Key');
  if (CLIENT_FACTS[call.client].headers === 'chain') return { edits: appendToChain(node, `.set(${name}, ${key})`) };
  const headerProp = `${name}: ${key}`;
  const opts = call.options;
  const args = node.getArguments();
  const argAt = args[opts.argIndex];
  const callbackInTheWay = argAt !== undefined && (Node.isArrowFunction(argAt) || Node.isFunctionExpression(argAt));
  if (opts.kind === 'absent' || callbackInTheWay) {
    const edits = insertArgument(node, opts.argIndex, `{ headers: { ${headerProp} } }`);
    return edits ? { edits } : { skip: 'cannot tell where its options argument goes' };
  }
  if (opts.kind === 'dynamic' || !opts.object) return { skip: 'its options are computed at run time; add the header where they are built' };
  const obj = nodeAt(ctx.sf, opts.object.range, Node.isObjectLiteralExpression) as ObjectLiteralExpression | undefined;
  if (!obj) return { skip: 'its options object was not found' };
  if (hasSpread(obj)) return { skip: 'its options spread another object that may set headers; add the header yourself' };
  const headers = propertyNamed(obj, 'headers');
  if (opts.kind === 'variable') {
    if (headers || !argAt) return { skip: `its options come from \`${argAt?.getText() ?? 'a variable'}\`, which sets headers; add the header there, created before the retry` };
    return { edits: [{ start: argAt.getStart(), end: argAt.getEnd(), text: `{ ...${argAt.getText()}, headers: { ${headerProp} } }` }] };
  }
  if (!headers) return { edits: addProperty(obj, `headers: { ${headerProp} }`) };
  const value = Node.isPropertyAssignment(headers) ? headers.getInitializer() : undefined;
  if (value && Node.isObjectLiteralExpression(value) && !hasSpread(value)) return { edits: addProperty(value, headerProp) };
  return { skip: 'its headers are not an object literal (a Headers instance, a variable or a spread); add the header yourself' };
}

/** `crypto.randomUUID()` (a global since Node 19), or the file's own node:crypto import. */
function uuidExpression(ctx: TransformContext): string {
  for (const decl of ctx.sf.getImportDeclarations()) {
    if (!['node:crypto', 'crypto'].includes(decl.getModuleSpecifierValue()) || decl.isTypeOnly()) continue;
    const named = decl.getNamedImports().find((n) => n.getName() === 'randomUUID' && !n.isTypeOnly());
    if (named) return `${named.getAliasNode()?.getText() ?? 'randomUUID'}()`;
    const whole = decl.getNamespaceImport() ?? decl.getDefaultImport();
    if (whole) return `${whole.getText()}.randomUUID()`;
  }
  for (const v of ctx.sf.getVariableDeclarations()) {
    const init = v.getInitializer();
    if (!init || !Node.isCallExpression(init) || init.getExpression().getText() !== 'require') continue;
    const arg = init.getArguments()[0];
    if (!arg || !Node.isStringLiteral(arg) || !['node:crypto', 'crypto'].includes(arg.getLiteralValue())) continue;
    const nameNode = v.getNameNode();
    if (Node.isIdentifier(nameNode)) return `${nameNode.getText()}.randomUUID()`;
    if (Node.isObjectBindingPattern(nameNode)) {
      const el = nameNode.getElements().find((e) => (e.getPropertyNameNode()?.getText() ?? e.getName()) === 'randomUUID');
      if (el) return `${el.getName()}()`;
    }
  }
  if (isShadowed(ctx, 'crypto')) return `${ctx.imports.use('node:crypto', 'randomUUID')}()`;
  return 'crypto.randomUUID()';
}

/** Answers of `isShadowed` per parsed file: one walk of the file, not one per key it creates. */
const shadowedIn = new WeakMap<ts.SourceFile, Map<string, boolean>>();

/** Does the file declare `name` itself (an import, a variable, a parameter, a function)? */
function isShadowed(ctx: TransformContext, name: string): boolean {
  const sf = ctx.sf.compilerNode;
  let answers = shadowedIn.get(sf);
  if (!answers) shadowedIn.set(sf, (answers = new Map()));
  let found = answers.get(name);
  if (found === undefined) answers.set(name, (found = declares(sf, name)));
  return found;
}

function declares(sf: ts.SourceFile, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isImportSpecifier(n) || ts.isImportClause(n) || ts.isNamespaceImport(n)) &&
      n.name !== undefined &&
      ts.isIdentifier(n.name) &&
      n.name.text === name
    ) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}
