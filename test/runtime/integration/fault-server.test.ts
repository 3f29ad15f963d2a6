// The fault server is the ground truth of every integration test, so it gets tested too:
// each mode over a real socket, with Node's own fetch as the client.
import assert from 'node:assert/strict';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { isSettled } from '../support/timing.js';

describe('fault server (test support)', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await startFaultServer();
  });
  afterEach(() => server.close());

  it('answers ok and records method, path, headers and body', async () => {
    const res = await fetch(`${server.url}/pay?x=1`, {
      method: 'POST',
      headers: { 'Idempotency-Key': 'k-1' },
      body: 'amount=3',
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
    assert.equal(server.count(), 1);
    assert.equal(server.count('ok'), 1);
    const [request] = server.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/pay?x=1');
    assert.equal(request?.headers['idempotency-key'], 'k-1');
    assert.equal(request?.body, 'amount=3');
    assert.equal(await request?.outcome, 'answered');
  });

  it('hangs until the client gives up, and sees the connection close', async () => {
    server.setMode('hang');
    const controller = new AbortController();
    const pending = fetch(server.url, { signal: controller.signal });
    await server.waitForRequests(1);
    assert.equal(server.connections.open, 1);
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(await server.requests[0]?.outcome, 'client-closed');
    assert.equal(server.count('hang'), 1);
  });

  it('answers late in slow mode', async () => {
    server.setMode({ kind: 'slow', delayMs: 60, body: 'late' });
    const started = performance.now();
    const res = await fetch(server.url);
    assert.equal(await res.text(), 'late');
    // A lower bound only: a timer never fires early, however loaded the machine.
    assert.ok(performance.now() - started >= 50);
  });

  it('can send headers at once and stall only the body', async () => {
    server.setMode({ kind: 'slow', delayMs: 80, headersFirst: true, body: 'late body' });
    const res = await fetch(server.url);
    assert.equal(res.status, 200);
    assert.equal(await isSettled(server.requests[0]!.outcome), false, 'headers arrived, the body has not');
    assert.equal(await res.text(), 'late body');
  });

  it('sends a status with Retry-After as seconds, as an HTTP-date, or verbatim', async () => {
    server.setMode({ kind: 'status', status: 503, retryAfter: 2 });
    let res = await fetch(server.url);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '2');
    await res.arrayBuffer();

    const when = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    server.setMode({ kind: 'status', status: 429, retryAfter: when });
    res = await fetch(server.url);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), 'Wed, 02 Jan 2030 03:04:05 GMT');
    await res.arrayBuffer();

    server.setMode({ kind: 'status', status: 404 });
    res = await fetch(server.url);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('retry-after'), null);
    await res.arrayBuffer();
    assert.equal(server.count('status'), 3);
  });

  it('resets the connection without answering', async () => {
    server.setMode('reset');
    await assert.rejects(fetch(server.url), (error: Error & { cause?: { code?: string } }) => {
      assert.equal(error.name, 'TypeError');
      assert.ok(error.cause, 'fetch reports the socket error as its cause');
      return true;
    });
    assert.equal(await server.requests[0]?.outcome, 'reset');
  });

  it('flaps on a cyclic schedule: fail N, then succeed M, then again', async () => {
    server.setMode({ kind: 'flapping', fail: { kind: 'status', status: 503 }, schedule: { fail: 2, succeed: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(server.url);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [503, 503, 200, 503, 503, 200]);
    assert.equal(server.count('status'), 4);
    assert.equal(server.count('ok'), 2);
  });

  it('flaps with a seeded failure ratio: the same seed gives the same sequence', async () => {
    const other = await startFaultServer();
    try {
      const mode = { kind: 'flapping', fail: { kind: 'status', status: 500 }, schedule: { failureRatio: 0.3, seed: 42 } } as const;
      server.setMode(mode);
      other.setMode(mode);
      const run = async (target: FaultServer) => {
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) {
          const res = await fetch(target.url);
          await res.arrayBuffer();
          statuses.push(res.status);
        }
        return statuses;
      };
      const first = await run(server);
      assert.deepEqual(await run(other), first);
      const failures = first.filter((s) => s === 500).length;
      assert.ok(failures > 0 && failures < 40, `a 30 % ratio fails some but not all (${failures}/40)`);
    } finally {
      await other.close();
    }
  });

  it('close() ends hanging requests and open sockets, so nothing waits forever', async () => {
    server.setMode('hang');
    const pending = fetch(server.url).then(
      () => 'answered',
      () => 'failed',
    );
    await server.waitForRequests(1);
    await server.close();
    assert.equal(await pending, 'failed');
    assert.equal(await server.requests[0]?.outcome, 'server-closed');
    assert.equal(server.connections.open, 0);
  });

  it('numbers connections, so concurrent requests on separate sockets can be told apart', async () => {
    server.setMode({ kind: 'slow', delayMs: 30 });
    await Promise.all([0, 1].map(async () => (await fetch(server.url)).arrayBuffer()));
    assert.equal(server.connections.opened, 2);
    assert.notEqual(server.requests[0]?.connection, server.requests[1]?.connection);
    assert.equal(server.peakInFlight, 2);
    assert.equal(server.inFlight, 0);
    server.clearRecords();
    assert.equal(server.count(), 0);
    assert.equal(server.count('slow'), 0);
    assert.equal(server.peakInFlight, 0);
  });
});
