// What a script or a CLI sees: a finished call never keeps the process alive, and a caller waiting
// on work that waits on nothing is still released by its timeout before the process exits.
// Each case runs in a fresh Node process, the only way to observe when a process exits.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode, repoRoot } from '../support/child.js';

describe('process lifetime', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'breakwater-lifetime-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes an ES module that imports the built runtime by path and runs it as a plain Node script. */
  const script = (name: string, body: string) => {
    const file = join(dir, name);
    const runtime = JSON.stringify(join(repoRoot, 'runtime/dist/index.js'));
    writeFileSync(file, `import * as bw from ${runtime};\n${body}\n`);
    return file;
  };

  it('exits as soon as the work is done, though the timeout was an hour', async () => {
    const file = script(
      'done.mjs',
      `const p = bw.compose(bw.retry({ maxAttempts: 3 }), bw.circuitBreaker(), bw.bulkhead(4), bw.timeout(3_600_000));
       const v = await p.execute(async ({ signal }) => (signal.aborted ? 'aborted' : 'paid'));
       console.log(v);`,
    );
    // An hour-long timer that kept the loop alive would hit the child's 30 s kill instead.
    const result = await runNode(file, { plain: true, timeoutMs: 30_000 });
    assert.equal(result.signal, null, 'the process had to be killed: a timer kept it alive');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'paid');
  });

  it('releases a caller whose work waits on nothing, before the process exits', async () => {
    const file = script(
      'pending.mjs',
      `try {
         await bw.timeout(200, { name: 'payments' }).execute(() => new Promise(() => {}));
         console.log('resolved?');
       } catch (error) {
         console.log(error.name, error.policy, error.timeoutMs);
       }`,
    );
    const result = await runNode(file, { plain: true, timeoutMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'TimeoutError payments 200', 'the await was released by the timeout');
  });

  it('behaves the same when required from CommonJS', async () => {
    const file = join(dir, 'commonjs.cjs');
    writeFileSync(
      file,
      `const bw = require(${JSON.stringify(join(repoRoot, 'runtime/dist/index.cjs'))});
       bw.timeout(100, { name: 'cjs' }).execute(() => new Promise(() => {})).catch((error) => {
         console.log(error instanceof bw.TimeoutError, error.policy, error.timeoutMs);
       });`,
    );
    const result = await runNode(file, { plain: true, timeoutMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'true cjs 100');
  });
});
