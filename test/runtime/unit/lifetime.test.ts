// Process lifetime, in child processes: a finished call never holds the process; a waiting
// caller is released by its timer even when nothing else keeps the event loop alive.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const runModule = (code: string) => {
  const started = performance.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `import * as rt from '@breakwater/runtime';\n${code}`], { encoding: 'utf8' });
  return { out: out.trim(), ms: performance.now() - started };
};

describe('runtime unit: process lifetime', function () {
  this.timeout(60_000);

  it('exits promptly after calls under a 60 s timeout (and a breaker, a retry) have completed', () => {
    const { out, ms } = runModule(`
      const p = rt.compose(rt.retry(), rt.circuitBreaker(), rt.bulkhead(2), rt.timeout(60_000));
      let sum = 0;
      for (let i = 0; i < 100; i++) sum += await p.execute(async () => i);
      console.log(sum);`);
    assert.equal(out, '4950');
    assert.ok(ms < 20_000, `the process lingered ${Math.round(ms)} ms`);
  });

  it('keeps the process alive for a pending caller until its timeout releases it', () => {
    const { out } = runModule(`
      const started = performance.now();
      const e = await rt.timeout(300).execute(() => new Promise(() => {})).catch((e) => e);
      console.log(e.name, performance.now() - started >= 299);`);
    assert.equal(out, 'TimeoutError true');
  });

  it('a retry backoff keeps the process alive until the next attempt', () => {
    const { out } = runModule(`
      const v = await rt.retry({ baseDelayMs: 200, jitter: 'none' }).execute(({ attempt }) =>
        attempt === 1 ? Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' })) : 'second');
      console.log(v);`);
    assert.equal(out, 'second');
  });
});
