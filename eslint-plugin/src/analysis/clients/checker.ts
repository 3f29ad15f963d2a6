// With type information (typed linting: `parserOptions.projectService` or `project`), a value whose
// *inferred* type is a client's instance type is an instance made elsewhere, like a parameter
// annotated `AxiosInstance`: `const api = makeClient()` where makeClient (in another module) returns
// an axios instance. Without type information nothing changes; the analysis never requires it.
//
// Kept cheap: only variables and parameters that are used like an instance (`x.get(…)`, `x.post(…)`,
// `x.request(…)`, `x(…)` for a value that is not a function literal) are asked about, once each.
// The type must be declared by the client package itself (its name *and* a declaration file under
// node_modules/<package>/), so a project's own `Client` class is never mistaken for undici's.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction } from '../ast.js';
import type { AnalysisContext } from '../context.js';
import { trackValue, type TrackedRef } from '../imports.js';
import type { ClientId } from '../types.js';
import type { InstanceInfo } from './sites.js';
import { INSTANCE_TYPES, instanceTrace, type Leaf } from './traces.js';

/** The part of TypeScript's Type/Symbol the check reads (typed structurally: the plugin does not load typescript). */
interface TsSymbol {
  getName(): string;
  getDeclarations(): ReadonlyArray<{ getSourceFile(): { fileName: string } }> | undefined;
}
interface TsType {
  aliasSymbol?: TsSymbol;
  getSymbol(): TsSymbol | undefined;
  isUnion(): boolean;
  types?: TsType[];
  /** Set on TypeScript's intrinsic types: 'undefined', 'null', 'string', … */
  intrinsicName?: string;
}

/** undici's types live in undici-types too; every other package declares its own. */
const TYPE_DIRS: Readonly<Record<string, string>> = { undici: 'undici(-types)?' };

const PACKAGE_TYPES = Object.entries(INSTANCE_TYPES).map(([pkg, names]) => ({
  dir: new RegExp(`[\\\\/]node_modules[\\\\/]${TYPE_DIRS[pkg] ?? pkg}[\\\\/]`),
  names,
}));

const CLIENTS = Object.keys(INSTANCE_TYPES) as ClientId[];
let methodNames: Set<string> | null = null;

/** Every request method an instance of those clients has (`get`, `post`, `request`, `stream`, …). */
function instanceMethods(): Set<string> {
  methodNames ??= new Set(CLIENTS.flatMap((c) => Object.keys(instanceTrace(c))));
  return methodNames;
}

function clientOfSymbol(sym: TsSymbol | undefined): ClientId | null {
  if (!sym) return null;
  const name = sym.getName();
  for (const decl of sym.getDeclarations() ?? []) {
    const file = decl.getSourceFile().fileName;
    for (const p of PACKAGE_TYPES) if (p.names[name] && p.dir.test(file)) return p.names[name];
  }
  return null;
}

/** The client whose instance type `type` is (an optional `T | undefined` included), or null. */
function clientOfType(type: TsType): ClientId | null {
  const own = clientOfSymbol(type.aliasSymbol) ?? clientOfSymbol(type.getSymbol());
  if (own || !type.isUnion()) return own;
  const parts = (type.types ?? []).filter((t) => t.intrinsicName !== 'undefined' && t.intrinsicName !== 'null');
  const clients = new Set(parts.map(clientOfType));
  const [only] = clients;
  return clients.size === 1 && only ? only : null;
}

function usedLikeInstance(ref: TSESLint.Scope.Reference, callable: boolean): boolean {
  if (!ref.isRead()) return false;
  const id = ref.identifier;
  const p = id.parent;
  if (p?.type === 'CallExpression' && p.callee === id) return callable;
  return (
    p?.type === 'MemberExpression' &&
    p.object === id &&
    !p.computed &&
    p.property.type === 'Identifier' &&
    instanceMethods().has(p.property.name) &&
    p.parent?.type === 'CallExpression' &&
    p.parent.callee === p
  );
}

/** Variables and parameters whose type the checker says is a client instance, and the references to follow. */
export function checkerInstances(ctx: AnalysisContext): Array<{ refs: TrackedRef<Leaf>[]; instance: InstanceInfo }> {
  const services = ctx.source.parserServices;
  const sm = ctx.source.scopeManager;
  if (!services?.program || !services.getTypeAtLocation || !sm) return [];
  const typeOf = services.getTypeAtLocation as (node: TSESTree.Node) => TsType;
  const out: Array<{ refs: TrackedRef<Leaf>[]; instance: InstanceInfo }> = [];
  for (const variable of sm.variables) {
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def || (def.type !== 'Variable' && def.type !== 'Parameter') || def.name.type !== 'Identifier') continue;
    const init = def.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    // Literals cannot be instances; `new X()` of a client class is found syntactically (and a type
    // the checker names after a project class, `new MyPool()`, would not match anyway).
    if (init && (isFunction(init) || init.type === 'ObjectExpression' || init.type === 'ArrayExpression' || init.type === 'Literal' || init.type === 'NewExpression')) continue;
    if (!variable.references.some((r) => usedLikeInstance(r, true))) continue;
    let client: ClientId | null;
    try {
      client = clientOfType(typeOf(def.name));
    } catch {
      continue; // a node the program does not know (a file outside the project): no type information for it
    }
    if (!client) continue;
    const trace = instanceTrace(client);
    const refs: TrackedRef<Leaf>[] = [];
    for (const r of variable.references) if (r.isRead()) refs.push(...trackValue(ctx.source, r.identifier, trace));
    out.push({ refs, instance: { client, name: def.name.name, node: def.name, layers: [], baseHost: null, assigned: new Map(), external: true } });
  }
  return out;
}
