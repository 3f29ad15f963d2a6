// The service name of a call: used to group calls, to name per-service policies (the codemods
// create `policy('<service>', …)`) and in inventories. The rule, in order:
//  1. A named host: its first meaningful label, with generic labels (`api`, `www`, …) skipped and
//     `-service`/`-svc`/`-api`/`-server` suffixes dropped: `payments.internal` → `payments`,
//     `api.stripe.com` → `stripe`, `inventory-service.default.svc.cluster.local` → `inventory`.
//  2. Otherwise (no host, or a loopback/IP host), the client instance's variable name without a
//     generic suffix: `const paymentsApi = axios.create(...)` → `payments`.
//  3. Otherwise, the identifier the URL is built from: `${PAYMENTS_URL}/charge` → `payments`,
//     `config.inventoryBaseUrl + '/items'` → `inventory`.
//  4. Otherwise, a loopback/IP host: `host-<port>` (`http://127.0.0.1:4004` → `host-4004`), or the
//     address itself with dots as dashes when it has no port (`10.0.0.7` → `host-10-0-0-7`).
//  5. Otherwise null.
// Names are lower-case kebab-case, `[a-z][a-z0-9-]*`.
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, unwrap } from './ast.js';

const GENERIC_LABELS = new Set(['api', 'apis', 'www', 'app', 'svc', 'service', 'services', 'rest', 'gateway', 'http', 'https', 'web', 'backend', 'internal']);
const SUFFIX = /-(service|svc|api|server|srv)$/;
const WORDS_TO_DROP = new Set(['url', 'uri', 'base', 'host', 'hostname', 'endpoint', 'origin', 'addr', 'address', 'service', 'svc', 'api', 'client', 'http', 'https', 'instance', 'axios', 'got', 'ky', 'fetch', 'fetcher', 'root', 'server', 'prefix', 'env', 'config', 'settings', 'process', 'path', 'input', 'target', 'link', 'req', 'request', 'href', 'resource', 'location', 'dest', 'destination', 'full', 'remote', 'next', 'page', 'this']);

export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

function isAddress(hostname: string): boolean {
  return hostname === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[') || hostname === '0.0.0.0';
}

function splitHost(host: string): { hostname: string; port: string | null } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  return { hostname: (m?.[1] ?? host).toLowerCase(), port: m?.[2] ?? null };
}

/** Rule 1: a service name from a named host, or null for addresses. */
export function serviceFromHost(host: string): string | null {
  const { hostname } = splitHost(host);
  if (isAddress(hostname)) return null;
  const labels = hostname.split('.').filter(Boolean);
  const meaningful = labels.length > 1 ? labels.slice(0, -1) : labels; // drop the TLD-ish last label
  const label = meaningful.find((l) => !GENERIC_LABELS.has(l)) ?? labels[0];
  if (!label) return null;
  const name = kebab(label).replace(SUFFIX, '');
  return valid(name);
}

/** Rules 2 and 3: words of an identifier without the generic ones (`paymentsApiBaseUrl` → `payments`). */
export function serviceFromName(name: string): string | null {
  const words = kebab(name).split('-').filter((w) => w.length > 0 && !WORDS_TO_DROP.has(w));
  const joined = words.join('-');
  // One- and two-letter names (`u`, `cb`) say nothing about the service.
  return joined.replace(/-/g, '').length >= 3 ? valid(joined) : null;
}

function valid(name: string): string | null {
  const cleaned = name.replace(/^[^a-z]+/, '');
  return /^[a-z][a-z0-9-]*$/.test(cleaned) && !GENERIC_LABELS.has(cleaned) ? cleaned : null;
}

/** The identifier a URL expression is built from (`${PAYMENTS_URL}/x`, `cfg.paymentsUrl + '/x'`, `new URL(p, BASE)`). */
export function urlSourceName(node: TSESTree.Node, depth = 0): string | null {
  if (depth > 4) return null;
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier':
      return n.name;
    case 'MemberExpression': {
      const name = memberName(n);
      if (name && !WORDS_TO_DROP.has(name.toLowerCase())) return name;
      return urlSourceName(n.object, depth + 1);
    }
    case 'TemplateLiteral':
      return n.expressions[0] && (n.quasis[0]?.value.cooked ?? '') === '' ? urlSourceName(n.expressions[0], depth + 1) : null;
    case 'BinaryExpression':
      return n.operator === '+' ? urlSourceName(n.left, depth + 1) : null;
    case 'NewExpression':
      return n.arguments[1] ? urlSourceName(n.arguments[1], depth + 1) : null;
    default:
      return null;
  }
}

export function serviceName(input: { host: string | null; instanceName?: string | null; urlNode?: TSESTree.Node | null }): string | null {
  if (input.host) {
    const fromHost = serviceFromHost(input.host);
    if (fromHost) return fromHost;
  }
  if (input.instanceName) {
    const fromInstance = serviceFromName(input.instanceName);
    if (fromInstance) return fromInstance;
  }
  if (input.urlNode) {
    const source = urlSourceName(input.urlNode);
    const fromUrl = source ? serviceFromName(source) : null;
    if (fromUrl) return fromUrl;
  }
  if (input.host) {
    const { hostname, port } = splitHost(input.host);
    if (port) return `host-${port}`;
    return valid(`host-${kebab(hostname)}`) ?? 'localhost';
  }
  return null;
}
