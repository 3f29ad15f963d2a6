// fetchWith(policy): a drop-in fetch that runs every request under a policy. Each attempt gets
// the policy's signal; method and headers (from init or a Request) decide whether a retry may
// repeat the request; a 408/429/5xx response counts as a failure (the pipeline retries it,
// honouring Retry-After, and cancels its body); the last attempt's response is returned as is.
import type { Policy } from './stage.js';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export const fetchWith =
  (policy: Policy, fetchImpl: Fetch = (input, init) => fetch(input, init)): Fetch =>
  (input, init) => {
    // A Request is recognised by its clone() rather than `instanceof Request`: reading the global
    // `Request` loads Node's fetch implementation on first use (tens of ms, before the policy's
    // timer starts), and a Request of another implementation (node-fetch's) must be cloned too.
    const req = typeof (input as Request).clone == 'function' ? (input as Request) : undefined;
    return policy.execute(
      // A Request's body can be read once: each attempt sends a fresh clone.
      ({ signal }) => fetchImpl(req ? req.clone() : input, { ...init, signal }),
      {
        signal: init?.signal ?? req?.signal,
        method: init?.method ?? req?.method ?? 'GET',
        headers: init?.headers ?? req?.headers,
      },
    );
  };
