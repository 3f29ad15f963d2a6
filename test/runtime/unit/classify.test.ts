import assert from 'node:assert/strict';
import { isTransient, mayRepeat, retryAfterMs, statusOf, TimeoutError } from '@breakwater/runtime';

const err = (props: Record<string, unknown>, message = 'e') => Object.assign(new Error(message), props);

describe('runtime unit: failure classification', () => {
  it('network error codes are transient, on the error or down the cause chain', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
      assert.equal(isTransient(err({ code })), true, code);
    assert.equal(isTransient(Object.assign(new TypeError('fetch failed'), { cause: err({ code: 'ECONNREFUSED' }) })), true);
    assert.equal(isTransient(Object.assign(new TypeError('fetch failed'), { cause: new AggregateError([err({ code: 'ECONNREFUSED' })], 'x') })), false);
    assert.equal(isTransient(err({ code: 'ENOTFOUND' })), false, 'a name that does not resolve will not resolve on retry');
    assert.equal(isTransient(err({ code: 'ERR_INVALID_URL' })), false);
  });

  it('timeouts are transient: ours and DOMException TimeoutError; an AbortError is not', () => {
    assert.equal(isTransient(new TimeoutError('p', 10)), true);
    assert.equal(isTransient(new DOMException('t', 'TimeoutError')), true);
    assert.equal(isTransient(new DOMException('a', 'AbortError')), false);
  });

  it('reads HTTP statuses from a Response and from axios, got, ky/ofetch and plain error shapes', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      assert.equal(isTransient(new Response(null, { status })), true, `Response ${status}`);
      assert.equal(isTransient(err({ response: { status } })), true, `axios/ky ${status}`);
      assert.equal(isTransient(err({ response: { statusCode: status } })), true, `got ${status}`);
      assert.equal(isTransient(err({ statusCode: status })), true, `plain statusCode ${status}`);
      assert.equal(isTransient(err({ status })), true, `plain status ${status}`);
    }
    for (const status of [200, 400, 401, 404, 409, 422, 501]) {
      assert.equal(isTransient(new Response(null, { status })), false, `Response ${status}`);
      assert.equal(isTransient(err({ response: { status } })), false, `axios ${status}`);
    }
    assert.equal(statusOf(err({ response: { statusCode: 418 } })), 418);
    assert.equal(isTransient(undefined), false);
    assert.equal(isTransient('ECONNRESET'), false);
  });

  it('parses Retry-After in seconds and as an HTTP-date, from Headers, AxiosHeaders-like and plain records', () => {
    assert.equal(retryAfterMs(new Response(null, { status: 503, headers: { 'Retry-After': '5' } })), 5_000);
    assert.equal(retryAfterMs(err({ response: { headers: { 'retry-after': '2' } } })), 2_000);
    assert.equal(retryAfterMs(err({ response: { headers: { get: (n: string) => (n === 'retry-after' ? '1' : null) } } })), 1_000);
    const date = new Date(Date.now() + 30_000).toUTCString();
    const ms = retryAfterMs(err({ response: { headers: { 'Retry-After': date } } }))!;
    assert.ok(ms > 28_000 && ms <= 30_000, String(ms));
    assert.equal(retryAfterMs(err({ response: { headers: { 'retry-after': new Date(0).toUTCString() } } })), 0, 'a past date means now');
    assert.equal(retryAfterMs(err({ response: { headers: { 'retry-after': 'soon' } } })), undefined);
    assert.equal(retryAfterMs(err({})), undefined);
  });

  it('knows which requests may be repeated', () => {
    assert.equal(mayRepeat('GET', undefined), true);
    assert.equal(mayRepeat(undefined, undefined), true);
    assert.equal(mayRepeat('POST', undefined), false);
    assert.equal(mayRepeat('PATCH', { 'Idempotency-Key': 'x' }), true);
    assert.equal(mayRepeat('post', new Headers([['idempotency-key', 'x']])), true);
    assert.equal(mayRepeat('POST', [['Idempotency-Key', 'x']]), true);
    assert.equal(mayRepeat('POST', { 'Idempotency-Keys': 'x' }), false);
  });
});
