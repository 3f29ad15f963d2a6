// What the transforms need to know about each HTTP client (the facts in PRODUCT.md §2): how it
// takes a timeout, whether it takes an AbortSignal, and how a header is set.
import type { ClientId } from 'eslint-plugin-breakwater/analysis';

export type TimeoutForm =
  | 'signal' // signal: AbortSignal.timeout(ms) (fetch, node-fetch, undici, node:http)
  | 'axios' // timeout: ms
  | 'got' // timeout: { request: ms }
  | 'ky' // timeout: ms
  | 'ofetch' // timeout: ms, or the signal form when a signal is passed (ofetch then ignores timeout)
  | 'superagent'; // .timeout(ms) on the chain

export interface ClientFacts {
  timeout: TimeoutForm;
  /** Takes `signal` in its options. */
  signal: boolean;
  /** Headers: a `headers` option, or superagent's `.set(name, value)`. */
  headers: 'option' | 'chain';
}

export const CLIENT_FACTS: Record<ClientId, ClientFacts> = {
  fetch: { timeout: 'signal', signal: true, headers: 'option' },
  'node-fetch': { timeout: 'signal', signal: true, headers: 'option' },
  undici: { timeout: 'signal', signal: true, headers: 'option' },
  'node-http': { timeout: 'signal', signal: true, headers: 'option' },
  axios: { timeout: 'axios', signal: true, headers: 'option' },
  got: { timeout: 'got', signal: true, headers: 'option' },
  ky: { timeout: 'ky', signal: true, headers: 'option' },
  ofetch: { timeout: 'ofetch', signal: true, headers: 'option' },
  superagent: { timeout: 'superagent', signal: false, headers: 'chain' },
};

/** RFC 9110's idempotent methods; anything else is refused by the runtime's retry without a key. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export function isNonIdempotent(method: string | null): boolean {
  return method !== null && !IDEMPOTENT.has(method.toUpperCase());
}
