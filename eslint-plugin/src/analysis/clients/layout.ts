// Where a request call keeps its URL, options and method, per argument shape; superagent chains.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberName, resolveValue, staticString, unwrap } from '../ast.js';
import type { Shape } from './traces.js';

type Node = TSESTree.Node;
type ScopeManager = TSESLint.Scope.ScopeManager | null;

export interface Layout {
  /** The URL argument, when the URL is an argument (else it is read from the options). */
  urlNode: Node | null;
  /** Options key that holds the URL when it is not an argument (`url`, `path`). */
  urlKey: string | null;
  /** Which argument holds (or would hold) the options; -1 for clients without an options argument (superagent). */
  optionsIndex: number;
  /** A method given as an argument (`request('POST', url)`), if any. */
  methodNode: Node | null;
}

function looksLikeObject(sm: ScopeManager, node: Node | undefined): boolean {
  if (!node) return false;
  return resolveValue(sm, node).type === 'ObjectExpression';
}

function looksLikeUrl(sm: ScopeManager, node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'TemplateLiteral' || (n.type === 'Literal' && typeof n.value === 'string') || n.type === 'BinaryExpression') return true;
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'URL') return true;
  if (staticString(sm, n) !== null) return true;
  if (n.type === 'Identifier') return /ur[li]|href|endpoint|path|link|address/i.test(n.name);
  if (n.type === 'MemberExpression') return /ur[li]|href|endpoint|path|link/i.test(memberName(n) ?? '');
  return false;
}

export function layoutOf(sm: ScopeManager, shape: Shape, call: TSESTree.CallExpression | TSESTree.NewExpression): Layout {
  const args = call.arguments;
  const a0 = args[0];
  const none: Layout = { urlNode: null, urlKey: null, optionsIndex: 0, methodNode: null };
  switch (shape) {
    case 'fetch':
    case 'ky':
    case 'ofetch':
    case 'undici':
      return { ...none, urlNode: a0 ?? null, optionsIndex: 1 };
    case 'axios-url':
      return { ...none, urlNode: a0 ?? null, optionsIndex: 1 };
    case 'axios-data':
      return { ...none, urlNode: a0 ?? null, optionsIndex: 2 };
    case 'axios-config':
      return { ...none, urlKey: 'url', optionsIndex: 0 };
    case 'axios':
    case 'got': {
      // (config) or (url, config): a second argument or a URL-looking first one means the URL form.
      if (a0 && (args.length >= 2 || (!looksLikeObject(sm, a0) && looksLikeUrl(sm, a0)))) return { ...none, urlNode: a0, optionsIndex: 1 };
      return { ...none, urlKey: 'url', optionsIndex: 0 };
    }
    case 'undici-client':
      return { ...none, urlKey: 'path', optionsIndex: 0 };
    case 'http': {
      // request(options[, cb]) | request(url[, options][, cb])
      if (!a0) return { ...none, optionsIndex: 0 };
      if (looksLikeObject(sm, a0) || (!looksLikeUrl(sm, a0) && !isFunction(unwrap(a0)))) return { ...none, optionsIndex: 0 };
      return { ...none, urlNode: a0, optionsIndex: 1 };
    }
    case 'superagent': {
      if (args.length >= 2 && a0) return { urlNode: args[1]!, urlKey: null, optionsIndex: -1, methodNode: a0 };
      return { urlNode: a0 ?? null, urlKey: null, optionsIndex: -1, methodNode: null };
    }
  }
}

/** Methods that end a superagent chain's building (they consume the request). */
const CHAIN_END = new Set(['then', 'catch', 'finally', 'end', 'pipe', 'on', 'once', 'write', 'abort']);

export interface ChainCall {
  name: string;
  call: TSESTree.CallExpression;
}

/** The builder calls chained onto a superagent request (`.set(...)`, `.timeout(...)`, `.retry(...)`) and the outermost call. */
export function superagentChain(origin: TSESTree.CallExpression | TSESTree.NewExpression): { outer: TSESTree.CallExpression | TSESTree.NewExpression; links: ChainCall[] } {
  const links: ChainCall[] = [];
  let current: Node = origin;
  let outer = origin;
  for (;;) {
    let n: Node = current;
    while (n.parent && (n.parent.type === 'ChainExpression' || n.parent.type === 'TSNonNullExpression' || n.parent.type === 'TSAsExpression')) n = n.parent;
    const member: Node | undefined = n.parent;
    if (member?.type !== 'MemberExpression' || member.object !== n) break;
    const name = memberName(member);
    const call: Node | undefined = member.parent;
    if (!name || CHAIN_END.has(name) || call?.type !== 'CallExpression' || call.callee !== member) break;
    links.push({ name, call });
    outer = call;
    current = call;
  }
  return { outer, links };
}
