// require-circuit-breaker: every outbound call should go through a circuit breaker, so that a
// failing service is given time to recover instead of being hammered, and callers fail fast
// instead of queueing behind it.
import type { ClientId } from '../analysis/types.js';
import { analysisFor } from '../util/analysis.js';
import { createRule } from '../util/create-rule.js';

type Options = [
  {
    ignoreServices?: string[];
    ignoreHosts?: string[];
    ignoreClients?: ClientId[];
  },
];
type MessageIds = 'noBreaker';

const CLIENT_IDS: ClientId[] = ['fetch', 'node-fetch', 'undici', 'axios', 'got', 'ky', 'node-http', 'superagent', 'ofetch'];

/** `*.example.com` matches sub-domains; anything else matches the host exactly (port included when written). */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) {
    const bare = h.replace(/:\d+$/, '');
    return bare.endsWith(p.slice(1)) || bare === p.slice(2);
  }
  return h === p || h.replace(/:\d+$/, '') === p;
}

export default createRule<Options, MessageIds>({
  name: 'require-circuit-breaker',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require outbound HTTP calls to go through a circuit breaker (Breakwater, opossum, cockatiel or a declared wrapper)',
    },
    messages: {
      noBreaker:
        '{{label}} calls {{target}} with no circuit breaker. When {{target}} fails or hangs, every caller keeps sending it work and waiting on it, and the failure spreads to this service. Run the call through a breaker: a Breakwater policy (`{{policy}}.execute(({ signal }) => …)` with `breaker: {…}`), opossum or cockatiel — or declare your own wrapper in settings.breakwater.wrappers.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignoreServices: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'Service names (as the analysis derives them) this rule skips.' },
          ignoreHosts: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: "Hosts this rule skips: exact ('localhost:8080') or a sub-domain pattern ('*.internal')." },
          ignoreClients: { type: 'array', items: { type: 'string', enum: CLIENT_IDS }, uniqueItems: true, description: 'Clients this rule skips.' },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreServices: [], ignoreHosts: [], ignoreClients: [] }],
  },
  create(context, [options]) {
    const services = new Set(options.ignoreServices ?? []);
    const hosts = options.ignoreHosts ?? [];
    const clients = new Set(options.ignoreClients ?? []);
    return {
      'Program:exit'() {
        for (const call of analysisFor(context).calls) {
          if (call.breaker || clients.has(call.client)) continue;
          if (call.service && services.has(call.service)) continue;
          const host = call.url?.host;
          if (host && hosts.some((p) => hostMatches(host, p))) continue;
          const target = call.service ?? host ?? 'the remote service';
          const policy = call.service ? camel(call.service) : 'policy';
          context.report({
            loc: { start: call.callee.loc.start, end: call.callee.loc.end },
            messageId: 'noBreaker',
            data: { label: call.label, target, policy },
          });
        }
      },
    };
  },
});

function camel(service: string): string {
  return service.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
