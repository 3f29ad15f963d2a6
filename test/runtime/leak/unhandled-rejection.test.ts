// Proves the repository's root hook turns a lost promise rejection into a failed run: the same
// tiny spec runs in a child mocha with the hook from .mocharc.json, once losing a rejection and
// once handling it (the control, so the failure cannot come from anything else).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runNode } from '../support/child.js';

interface MochaRc {
  require: string[];
  'node-option': string[];
}

const config = JSON.parse(readFileSync(join(repoRoot, '.mocharc.json'), 'utf8')) as MochaRc;
const mochaBin = join(repoRoot, 'node_modules/mocha/bin/mocha.js');
const spec = 'test/runtime/leak/fixtures/unhandled-rejection.spec.ts';

function runSpec(loseRejection: boolean) {
  process.env.BREAKWATER_LOSE_REJECTION = loseRejection ? '1' : '0';
  try {
    // --no-config: the configured spec globs would otherwise be merged in; the hook and the
    // loader come from the same .mocharc.json the suite uses.
    const args = ['--no-config', ...config['node-option'].map((o) => `--${o}`), ...config.require.flatMap((r) => ['--require', r]), '--extension', 'ts', spec];
    return runNode(mochaBin, { plain: true, args, timeoutMs: 60_000 });
  } finally {
    delete process.env.BREAKWATER_LOSE_REJECTION;
  }
}

describe('unhandled rejections fail the run', function () {
  this.timeout(90_000);

  it('a test that handles its rejection passes (control)', async () => {
    const result = await runSpec(false);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('a test that loses a rejection fails the mocha run, naming the error', async () => {
    const result = await runSpec(true);
    assert.notEqual(result.code, 0, 'mocha must exit non-zero');
    // Mocha alone lets this run pass; the root hook is what fails it, with the lost error.
    assert.match(result.stdout + result.stderr, /unhandled promise rejection\(s\) during this test: Error: payment failed and nobody listened/);
  });
});
