// 100,000 calls through timeout + retry + breaker + bulkhead leave nothing behind: no timers (ref'd
// or unref'd), no listeners on the caller's signal, no heap growth. Measured in a child process
// (composed-calls.child.ts) with --expose-gc so the heap is compared after full collections.
import assert from 'node:assert/strict';
import { lastJsonLine, runNode } from '../support/child.js';

interface Snapshot {
  heap: number;
  timers: number;
  resources: number;
  liveTimeouts: number;
  listeners: number;
}
interface Report {
  calls: number;
  outcomes: Record<string, number>;
  breakerState: string;
  before: Snapshot;
  middle: Snapshot;
  after: Snapshot;
}

const child = 'test/runtime/leak/composed-calls.child.ts';
// 100,000 calls that each kept as little as one 8-byte slot would grow the heap by 800 KB; the
// noise of a full gc between two idle points is a few tens of KB.
const HEAP_TOLERANCE = 512 * 1024;

describe('no leaks after 100,000 composed calls', function () {
  this.timeout(240_000);
  let report: Report;

  before(async () => {
    const result = await runNode(child, { nodeArgs: ['--expose-gc'], timeoutMs: 220_000 });
    assert.equal(result.code, 0, `child failed (${result.code ?? result.signal}):\n${result.stderr}`);
    report = lastJsonLine<Report>(result.stdout);
  });

  it('exercised every path: successes, retried and permanent failures, timeouts, an open breaker', () => {
    const { outcomes } = report;
    assert.equal(report.calls, 100_000);
    const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
    assert.equal(total, 20_000 + 100_000, 'every call settled (warm-up included)');
    for (const kind of ['ok', 'permanent', 'transient', 'TimeoutError', 'BrokenCircuitError']) {
      assert.ok((outcomes[kind] ?? 0) > 0, `no call ended as ${kind}: ${JSON.stringify(outcomes)}`);
    }
    assert.ok(outcomes.ok! > total / 2, JSON.stringify(outcomes));
  });

  it('leaves no timer behind, ref\'d or unref\'d', () => {
    assert.ok(report.after.timers <= report.before.timers, `active Timeout resources: ${report.before.timers} → ${report.after.timers}`);
    assert.ok(report.after.resources <= report.before.resources, `active resources: ${report.before.resources} → ${report.after.resources}`);
    assert.ok(
      report.after.liveTimeouts <= report.before.liveTimeouts,
      `live Timeout objects: ${report.before.liveTimeouts} → ${report.after.liveTimeouts}`,
    );
  });

  it("leaves no abort listener on the caller's signal", () => {
    assert.equal(report.after.listeners, 0);
  });

  it('does not grow the heap', () => {
    const growth = report.after.heap - report.before.heap;
    const secondHalf = report.after.heap - report.middle.heap;
    const kb = (n: number) => `${Math.round(n / 1024)} KB`;
    assert.ok(growth < HEAP_TOLERANCE, `heap grew ${kb(growth)} over 100,000 calls (${kb(secondHalf)} in the last 50,000)`);
  });

  it('fails on an unhandled rejection', async () => {
    const result = await runNode(child, { nodeArgs: ['--expose-gc'], args: ['--calls', '100', '--inject-unhandled-rejection'], timeoutMs: 60_000 });
    assert.equal(result.code, 70);
    assert.match(result.stderr, /injected: nobody handles this/);
  });
});
