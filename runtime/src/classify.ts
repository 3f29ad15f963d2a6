// Failure classification: which failures are transient (worth a retry, a sign of an unhealthy
// dependency) and which requests may be sent twice. Works on thrown errors of fetch, undici, axios,
// got, ky and ofetch, and on returned fetch Responses.

type Loose = Record<string, any> | null | undefined;

/** Network errors that say "try again": the connection broke or never formed. */
const TRANSIENT_CODES = new Set(
  'ECONNRESET ECONNREFUSED ECONNABORTED ETIMEDOUT EAI_AGAIN EPIPE UND_ERR_SOCKET UND_ERR_CONNECT_TIMEOUT UND_ERR_HEADERS_TIMEOUT UND_ERR_BODY_TIMEOUT'.split(' '),
);
/** HTTP statuses that say "not now": timeout, rate limit, server and gateway trouble. */
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** RFC 9110 §9.2.2: the methods whose repetition has the same effect as one request. */
const IDEMPOTENT = new Set('GET HEAD OPTIONS TRACE PUT DELETE'.split(' '));

/** The HTTP status of a Response, or of an axios/got/ky/ofetch error (`response.status[Code]`), or a plain `status[Code]`. */
export const statusOf = (x: Loose): number | undefined => x?.status ?? x?.statusCode ?? x?.response?.status ?? x?.response?.statusCode;

/** A fetch Response (web or node-fetch): what a request returns rather than throws. */
export const isResponse = (x: unknown): x is Response => typeof (x as Loose)?.ok == 'boolean' && typeof (x as Loose)!.status == 'number';

/**
 * Transient: our TimeoutError (or a DOMException TimeoutError), a network error code on the error
 * or down its `cause` chain (fetch's `TypeError('fetch failed')` keeps the socket error there), or
 * a transient HTTP status.
 */
export const isTransient = (x: unknown): boolean => {
  // A primitive fails every test below (its cause is undefined): no type check needed.
  for (let e = x as Loose, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (e.name == 'TimeoutError' || TRANSIENT_CODES.has(e.code) || TRANSIENT_STATUS.has(statusOf(e)!)) return true;
  }
  return false;
};

/** One header from Headers (or anything with get()), an array of pairs, or a record — any letter case. */
export const headerOf = (headers: Loose | unknown[], name: string): string | undefined => {
  const h = headers as Loose;
  if (!h) return;
  if (typeof h.get == 'function') return h.get(name) ?? undefined;
  for (const [k, v] of Array.isArray(h) ? h : Object.entries(h)) if (k.toLowerCase() == name) return String(v);
};

/** The `Retry-After` of a Response or an HTTP client's error, in ms (seconds or an HTTP-date). */
export const retryAfterMs = (x: Loose): number | undefined => {
  const h = x?.headers ?? x?.response?.headers;
  const v = headerOf(h, 'retry-after')?.trim();
  if (!v) return;
  const ms = /^\d+$/.test(v) ? +v * 1000 : Date.parse(v) - Date.now();
  return ms >= 0 ? ms : ms < 0 ? 0 : undefined;
};

/** May this request be sent again? Unknown method (not a request): yes. */
export const mayRepeat = (method: string | undefined, headers: unknown): boolean =>
  !method || IDEMPOTENT.has(method.toUpperCase()) || headerOf(headers as Loose, 'idempotency-key') != null;
