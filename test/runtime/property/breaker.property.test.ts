// Model-based test of the circuit breaker: fast-check generates a breaker configuration and a
// sequence of commands (start a call, finish one as a success / failure / 4xx / neutral rejection,
// advance the fake clock, isolate, reset, export the state into a new breaker); each runs against the real breaker and the reference
// model (breaker-model.ts), and after every command the state, the admit/reject decision, the
// rejection's state and retryAfterMs, and the value or error the caller got must agree.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import FakeTimers from '@sinonjs/fake-timers';
import { circuitBreaker, BrokenCircuitError, BulkheadRejectedError, type CircuitBreaker } from '@breakwater/runtime';
import { BreakerModel, type ModelConfig, type Ticket, type Verdict } from './breaker-model.js';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

interface PendingCall {
  ticket: Ticket;
  finish(verdict: Verdict | 'client-error'): void;
  result: Promise<{ value?: unknown; error?: unknown }>;
}

interface Model {
  breaker: BreakerModel;
  pending: PendingCall[];
}

interface Real {
  breaker: CircuitBreaker;
  clock: InstalledClock;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const transientError = () => Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });

function check(m: Model, r: Real): void {
  const now = r.clock.now;
  assert.equal(r.breaker.state, m.breaker.observe(now), 'state');
  assert.equal(r.breaker.retryAfterMs, m.breaker.retryAfterMs(now), 'retryAfterMs');
}

class StartCall implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    let invoked = false;
    let settle!: { resolve(v: unknown): void; reject(e: unknown): void };
    const work = () => {
      invoked = true;
      return new Promise((resolve, reject) => (settle = { resolve, reject }));
    };
    const result = r.breaker.execute(work).then(
      (value): { value?: unknown; error?: unknown } => ({ value }),
      (error: unknown) => ({ error }),
    );
    await flush();
    const expected = m.breaker.admit(r.clock.now);
    if (expected.admitted) {
      assert.ok(invoked, 'the model admits this call, the breaker did not run it');
      m.pending.push({
        ticket: expected.ticket,
        result,
        finish(verdict) {
          if (verdict === 'success') settle.resolve('paid');
          else if (verdict === 'failure') settle.reject(transientError());
          else if (verdict === 'client-error') settle.reject(Object.assign(new Error('bad request'), { status: 400 }));
          else settle.reject(new BulkheadRejectedError('inner', 'queue-full'));
        },
      });
    } else {
      assert.ok(!invoked, `the model rejects this call (${expected.state}), the breaker ran it`);
      const { error } = await result;
      assert.ok(error instanceof BrokenCircuitError, `expected BrokenCircuitError, got ${String(error)}`);
      assert.equal(error.state, expected.state, 'rejection state');
      assert.equal(error.retryAfterMs, expected.retryAfterMs, 'rejection retryAfterMs');
    }
    check(m, r);
  }
  toString = () => 'start';
}

class FinishCall implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly outcome: Verdict | 'client-error',
  ) {}
  check = (m: Readonly<Model>) => m.pending.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const [call] = m.pending.splice(this.pick % m.pending.length, 1);
    call!.finish(this.outcome);
    const { value, error } = await call!.result;
    // The breaker hands the work's own result or error through, whatever it decides.
    if (this.outcome === 'success') assert.equal(value, 'paid');
    else if (this.outcome === 'failure') assert.equal((error as { code?: string }).code, 'ECONNRESET');
    else if (this.outcome === 'client-error') assert.equal((error as { status?: number }).status, 400);
    else assert.ok(error instanceof BulkheadRejectedError);
    // A 4xx is the caller's problem: the dependency answered, so it counts as a success.
    m.breaker.record(call!.ticket, this.outcome === 'client-error' ? 'success' : this.outcome, r.clock.now);
    check(m, r);
  }
  toString = () => `finish(${this.pick}, ${this.outcome})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    r.clock.tick(this.ms);
    check(m, r);
  }
  toString = () => `advance(${this.ms})`;
}

class Transfer implements fc.AsyncCommand<Model, Real> {
  constructor(readonly config: ModelConfig) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    // Through JSON, as a state store or a file would carry it.
    const saved = JSON.parse(JSON.stringify(r.breaker.exportState()));
    r.breaker = realBreaker(this.config);
    r.breaker.importState(saved);
    m.breaker.transfer();
    check(m, r);
  }
  toString = () => 'export → import into a new breaker';
}

class Isolate implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    r.breaker.isolate();
    m.breaker.isolate();
    check(m, r);
  }
  toString = () => 'isolate';
}

class Reset implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    r.breaker.reset();
    m.breaker.reset();
    check(m, r);
  }
  toString = () => 'reset';
}

const configArb: fc.Arbitrary<ModelConfig> = fc.record({
  failureThreshold: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  openMs: fc.constantFrom(50, 100, 250),
  maxOpenMs: fc.constantFrom(100, 400, 1_000),
  probes: fc.integer({ min: 1, max: 3 }),
  successThreshold: fc.integer({ min: 1, max: 3 }),
  window: fc.option(
    fc.record({
      size: fc.oneof(
        fc.record({ count: fc.integer({ min: 1, max: 6 }) }),
        fc.record({ ms: fc.constantFrom(100, 400), buckets: fc.integer({ min: 1, max: 4 }) }),
      ),
      minimumThroughput: fc.integer({ min: 1, max: 6 }),
      failureRate: fc.option(fc.constantFrom(0.25, 0.5, 1), { nil: undefined }),
      slow: fc.option(fc.record({ thresholdMs: fc.constant(40), rate: fc.constantFrom(0.5, 1) }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
}).map((c) => {
  // A window with neither trigger says nothing; and maxOpenMs is at least openMs.
  const window = c.window && (c.window.failureRate !== undefined || c.window.slow) ? c.window : undefined;
  return { ...c, window, maxOpenMs: Math.max(c.maxOpenMs, c.openMs) };
});

const commandsArb = (config: ModelConfig) => fc.commands(
  [
    fc.constant(new StartCall()),
    fc.constant(new StartCall()),
    fc.tuple(fc.nat(), fc.constantFrom<Verdict | 'client-error'>('success', 'failure', 'failure', 'client-error', 'neutral')).map(([pick, outcome]) => new FinishCall(pick, outcome)),
    fc.tuple(fc.nat(), fc.constantFrom<Verdict | 'client-error'>('success', 'failure')).map(([pick, outcome]) => new FinishCall(pick, outcome)),
    fc.constantFrom(1, 10, 39, 40, 60, 100, 250, 600).map((ms) => new Advance(ms)),
    fc.constant(new Isolate()),
    fc.constant(new Reset()),
    fc.constant(new Transfer(config)),
  ],
  { maxCommands: 80, size: 'large' },
);

function realBreaker(c: ModelConfig): CircuitBreaker {
  const w = c.window;
  const window = w?.size;
  return circuitBreaker({
    name: 'model',
    failureThreshold: c.failureThreshold,
    openMs: c.openMs,
    maxOpenMs: c.maxOpenMs,
    halfOpen: { probes: c.probes, successThreshold: c.successThreshold },
    failureRate: w?.failureRate !== undefined ? { threshold: w.failureRate, minimumThroughput: w.minimumThroughput, window } : undefined,
    slowCall: w?.slow ? { thresholdMs: w.slow.thresholdMs, rate: w.slow.rate, minimumThroughput: w.minimumThroughput, window } : undefined,
  });
}

describe('circuit breaker against a reference model (fast-check)', function () {
  this.timeout(120_000);

  it('agrees with the model on state, admission and rejections after every command', async () => {
    await fc.assert(
      fc.asyncProperty(configArb.chain((config) => fc.tuple(fc.constant(config), commandsArb(config))), async ([config, commands]) => {
        // Date too: exportState() carries the open period as a wall-clock time.
        const clock = FakeTimers.install({ toFake: ['performance', 'Date'] });
        try {
          const model: Model = { breaker: new BreakerModel(config), pending: [] };
          const real: Real = { breaker: realBreaker(config), clock };
          await fc.asyncModelRun(() => ({ model, real }), commands);
          // Settle whatever is still in flight, so no promise outlives the run.
          for (const call of model.pending.splice(0)) {
            call.finish('success');
            await call.result;
          }
        } finally {
          clock.uninstall();
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
