// Is a call already under a Breakwater policy? The analysis says so for policies it can see
// (timeout source `policy`, breakwater guards); the syntactic check covers the shape the codemods
// themselves write, `<x>.execute(fn)` with `x` imported from the runtime or the policy module,
// so a second run never wraps twice.
import type { OutboundCall } from 'eslint-plugin-breakwater/analysis';
import { Node } from 'ts-morph';
import { RUNTIME_PACKAGE, sameModule, type TransformContext } from './context.js';
import { relativeSpecifier } from './imports.js';

/** The analysis sees a Breakwater policy (or retry) around the call. */
export function guardedByAnalysis(call: OutboundCall): boolean {
  if (call.timeout.source === 'policy') return true;
  if (call.breaker?.kind === 'breakwater' || call.bulkhead?.kind === 'breakwater') return true;
  return call.retries.some((r) => r.kind === 'breakwater');
}

/** `node` is inside the function given to `<x>.execute(fn)`, `x` imported from the runtime or the policy module. */
export function insideExecute(ctx: TransformContext, node: Node): boolean {
  for (let n: Node | undefined = node.getParent(); n; n = n.getParent()) {
    if ((Node.isArrowFunction(n) || Node.isFunctionExpression(n)) && isExecuteWork(ctx, n)) return true;
  }
  return false;
}

/** `fn` is the work given to `<x>.execute(fn)`, `x` imported from the runtime or the policy module. */
export function isExecuteWork(ctx: TransformContext, fn: Node): boolean {
  const parent = fn.getParent();
  if (!Node.isCallExpression(parent) || parent.getArguments()[0] !== fn) return false;
  const callee = parent.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'execute' && rootImportedFromBreakwater(ctx, callee.getExpression());
}

function rootImportedFromBreakwater(ctx: TransformContext, expr: Node): boolean {
  let root: Node = expr;
  for (;;) {
    if (Node.isCallExpression(root)) root = root.getExpression();
    else if (Node.isPropertyAccessExpression(root)) root = root.getExpression();
    else break;
  }
  if (!Node.isIdentifier(root)) return false;
  const name = root.getText();
  const opts = ctx.options;
  const ours = (spec: string) =>
    spec === RUNTIME_PACKAGE ||
    sameModule(ctx.path, spec, relativeSpecifier(ctx.path, opts.vendorPath, 'js')) ||
    sameModule(ctx.path, spec, relativeSpecifier(ctx.path, opts.policyModulePath, 'js'));
  for (const decl of ctx.sf.getImportDeclarations()) {
    if (!ours(decl.getModuleSpecifierValue())) continue;
    if (decl.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name)) return true;
    if (decl.getNamespaceImport()?.getText() === name || decl.getDefaultImport()?.getText() === name) return true;
  }
  return false;
}
