// URLs and hosts: what a call's URL expression says statically, and the host when it can be known
// (a literal, a template literal's static prefix, `new URL(path, base)`, a const, `base + path`,
// or an instance's base URL for relative paths).
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, resolveValue, staticString, unwrap } from './ast.js';
import type { UrlInfo } from './types.js';

type Node = TSESTree.Node;
type ScopeManager = TSESLint.Scope.ScopeManager | null;

const ABSOLUTE = /^([a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)/i;

/** `URL.host` of an absolute URL string (port kept, user info dropped), or null. */
export function hostOf(url: string): string | null {
  const m = ABSOLUTE.exec(url.trim());
  if (!m || !m[1] && !url.trim().startsWith('//')) return null;
  const authority = m[2]!;
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  return host.length > 0 ? host : null;
}

/** The static text an expression starts with, and whether that is the whole value. */
export function staticPrefix(sm: ScopeManager, node: Node, depth = 0): { text: string; complete: boolean } | null {
  if (depth > 5) return null;
  const n = unwrap(node);
  const whole = staticString(sm, n);
  if (whole !== null) return { text: whole, complete: true };
  if (n.type === 'TemplateLiteral') {
    const first = n.quasis[0]?.value.cooked ?? '';
    if (first.length > 0) return { text: first, complete: false };
    const lead = n.expressions[0];
    if (!lead) return null;
    const inner = staticPrefix(sm, lead, depth + 1);
    if (!inner) return null;
    // `${BASE}/x`: the base's text, then the next quasi.
    return inner.complete ? { text: inner.text + (n.quasis[1]?.value.cooked ?? ''), complete: false } : inner;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const left = staticPrefix(sm, n.left, depth + 1);
    if (!left) return null;
    if (!left.complete) return left;
    const right = staticPrefix(sm, n.right, depth + 1);
    return right ? { text: left.text + right.text, complete: right.complete } : { text: left.text, complete: false };
  }
  if (n.type === 'Identifier') {
    const init = resolveValue(sm, n);
    if (init !== n) return staticPrefix(sm, init, depth + 1);
    return null;
  }
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'URL') {
    const [path, base] = n.arguments;
    if (!path) return null;
    const p = staticPrefix(sm, path, depth + 1);
    if (p && hostOf(p.text)) return p;
    if (base) {
      const b = staticPrefix(sm, base, depth + 1);
      // The base's authority is complete (a path follows it), so its host is known.
      if (b && hostOf(b.text) && (b.complete || b.text.slice(b.text.indexOf('//') + 2).includes('/'))) return { text: b.complete ? `${b.text.replace(/\/$/, '')}/` : b.text, complete: false };
    }
    return p ? { text: p.text, complete: false } : null;
  }
  if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && memberName(n.callee) === 'toString') {
    return staticPrefix(sm, n.callee.object, depth + 1);
  }
  if (n.type === 'MemberExpression' && memberName(n) === 'href') return staticPrefix(sm, n.object, depth + 1);
  return null;
}

/** Host from a static prefix, only when the prefix covers the whole authority. */
function hostFromPrefix(prefix: { text: string; complete: boolean }): string | null {
  const host = hostOf(prefix.text);
  if (!host) return null;
  if (prefix.complete) return host;
  // `http://payments.internal/${id}` names the host; `http://${HOST}` and `http://api.${region}` do not.
  const m = ABSOLUTE.exec(prefix.text.trim())!;
  const rest = prefix.text.trim().slice(m[0].length);
  return rest.length > 0 ? host : null;
}

/** Describes a URL expression; `baseHost` is the instance's host, used when the URL is relative. */
export function urlInfo(sm: ScopeManager, node: Node, baseHost: string | null): UrlInfo {
  const prefix = staticPrefix(sm, node);
  const value = prefix?.complete ? prefix.text : null;
  let host = prefix ? hostFromPrefix(prefix) : null;
  if (!host && baseHost && (!prefix || !ABSOLUTE.test(prefix.text))) host = baseHost;
  return { node, value, host };
}

/** The host of a base-URL expression (axios `baseURL`, got/ky `prefixUrl`, undici `Client` origin). */
export function baseHostOf(sm: ScopeManager, node: Node): string | null {
  const prefix = staticPrefix(sm, node);
  if (!prefix) return null;
  const host = hostOf(prefix.text);
  if (!host) return null;
  if (prefix.complete) return host;
  const m = ABSOLUTE.exec(prefix.text.trim())!;
  return prefix.text.trim().length > m[0].length ? host : null;
}

/** node:http options `{ hostname | host, port }` → host. */
export function hostFromHttpOptions(sm: ScopeManager, hostname: Node | null, port: Node | null): string | null {
  const name = hostname ? staticString(sm, hostname) : null;
  if (!name) return null;
  const p = port ? resolveValue(sm, port) : null;
  const portValue = p && p.type === 'Literal' && (typeof p.value === 'number' || typeof p.value === 'string') ? String(p.value) : null;
  return (portValue && !name.includes(':') ? `${name}:${portValue}` : name).toLowerCase();
}
