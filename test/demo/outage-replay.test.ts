// The demo's scenario, shortened: the sample POS system before and after the real
// `breakwater fix --write`, real processes on 127.0.0.1, payment hanging for a few seconds.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Sample } from '../../scripts/demo/load.js';
import { CHATBOT_ENDPOINT, CHECKOUT_ENDPOINT, loadEndpoints } from '../../scripts/demo/endpoints.js';
import { REPO_ROOT } from '../../scripts/demo/paths.js';
import { POLICY_MODULE } from '../../scripts/demo/policy-tuning.js';
import { runToCompletion } from '../../scripts/demo/processes.js';
import { runScenario, type ScenarioOptions, type ScenarioResult } from '../../scripts/demo/scenario.js';

const OPTIONS: Omit<ScenarioOptions, 'workDir' | 'afterDir' | 'log'> = {
  warmupMs: 2_000,
  faultMs: 4_000,
  recoveryMs: 5_000,
  capMs: 3_000,
  rateScale: 1,
  // The endpoints the assertions are about: the chatbot, and the checkout that charges payment.
  only: [CHATBOT_ENDPOINT, CHECKOUT_ENDPOINT],
  sampleMetrics: false,
  timeoutMs: 500,
  breakerOpenMs: 1_500,
  outerTimeoutFactors: { 'pos-core': 2 },
};
/** How often the chatbot is asked: the gap between two of its requests bounds how soon a probe follows. */
const CHATBOT_INTERVAL_MS = 1000 / loadEndpoints(OPTIONS.rateScale).find((e) => e.name === CHATBOT_ENDPOINT)!.rps;

describe('demo: the payment outage replayed before and after breakwater fix', function () {
  this.timeout(120_000);
  let workDir: string;
  let result: ScenarioResult;

  const chatbot = (version: 'before' | 'after', from: number, to: number): Sample[] =>
    result.samples.filter((s) => s.version === version && s.endpoint === CHATBOT_ENDPOINT && s.sentMs >= from && s.sentMs < to);

  before(async function () {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'breakwater-demo-test-'));
    result = await runScenario({ ...OPTIONS, workDir, afterDir: path.join(workDir, 'after'), log: () => undefined });
  });

  after(async function () {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('makes the after version with the real CLI, and it type-checks', async function () {
    assert.equal(result.afterError, undefined, `breakwater fix did not produce an after version: ${result.afterError}`);
    const after = result.after!;
    assert.equal(after.fix.code, 0);
    const policies = await readFile(path.join(after.dir, POLICY_MODULE), 'utf8');
    assert.match(policies, /policy\(\s*'payment'/, 'the generated policy module has a payment policy');
    const client = await readFile(path.join(after.dir, 'src', 'clients', 'payment-client.ts'), 'utf8');
    assert.match(client, /['"]Idempotency-Key['"]\s*:/i, 'the retried charge sends an Idempotency-Key header');
    const tsc = await runToCompletion(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', after.dir, '--noEmit'], {
      cwd: REPO_ROOT,
    });
    assert.equal(tsc.code, 0, `the fixed copy does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  });

  it('before the fix, no chatbot request during the fault is answered before payment comes back', function () {
    const { faultStartMs, faultEndMs } = result.timeline;
    const during = chatbot('before', faultStartMs, faultEndMs);
    assert.ok(during.length >= 10, `expected the chatbot to be asked during the fault, got ${during.length} requests`);
    for (const sample of during) {
      const answeredAt = sample.sentMs + sample.latencyMs;
      assert.ok(
        sample.outcome === 'hung' || answeredAt >= faultEndMs - 100,
        `a request sent at ${sample.sentMs.toFixed(0)} ms was answered (${sample.outcome}) at ${answeredAt.toFixed(0)} ms, before the fault ended at ${faultEndMs.toFixed(0)} ms`,
      );
    }
    assert.ok(during.some((s) => s.outcome === 'hung'), 'requests early in the fault reach the client cap');
  });

  it('after the fix, the chatbot answers within the timeout + 50 ms during the fault, every answer marked degraded', function () {
    const { faultStartMs, faultEndMs } = result.timeline;
    const during = chatbot('after', faultStartMs, faultEndMs);
    assert.ok(during.length >= 10, `expected the chatbot to be asked during the fault, got ${during.length} requests`);
    const p99 = result.figures.after!.chatbot_p99_ms_during_fault!;
    const slowest = [...during].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, 3);
    assert.ok(
      p99 <= OPTIONS.timeoutMs + 50,
      `after: chatbot p99 during the fault is ${p99} ms, above ${OPTIONS.timeoutMs} + 50 ms; slowest: ` +
        slowest.map((s) => `sent at ${s.sentMs.toFixed(0)} ms, ${s.latencyMs.toFixed(0)} ms, ${s.outcome} (${s.detail ?? ''})`).join('; ') +
        `; the load generator's own timers ran up to ${result.figures.loadGeneratorLateP99Ms} ms late (p99), a measure of how busy the machine was`,
    );
    const notDegraded = during.filter((s) => s.outcome !== 'degraded');
    assert.deepEqual(
      notDegraded.map((s) => `${s.sentMs.toFixed(0)} ms: ${s.outcome}${s.detail ? ` (${s.detail})` : ''}`),
      [],
      'every chatbot answer during the fault is marked degraded',
    );
  });

  it('after the fix, the chatbot is back to full answers within the breaker reset time + one probe', function () {
    const recovery = result.figures.after!.recovery_s;
    assert.notEqual(recovery, null, 'the chatbot never got back to full answers');
    const bound = OPTIONS.breakerOpenMs + CHATBOT_INTERVAL_MS + OPTIONS.timeoutMs;
    assert.ok(recovery! * 1000 <= bound, `recovered after ${recovery} s, more than the reset time + one probe (${bound} ms)`);
    const { faultEndMs, endMs } = result.timeline;
    const tail = chatbot('after', faultEndMs + bound, endMs);
    assert.ok(tail.length > 0 && tail.every((s) => s.outcome === 'ok'), 'full answers from then on');
  });

  it('the retried charge: duplicated before the fix, never after it', function () {
    assert.ok(result.figures.before.duplicate_charges! > 0, 'before: a charge retried without a key after a dropped connection is captured twice');
    assert.equal(result.figures.after!.duplicate_charges, 0, 'after: the Idempotency-Key makes the retry safe');
  });
});
