// `breakwater` with no command, --help and --version: what a first-time user types.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, removeTempDirs, runCli, tempDir } from './cli-helpers.js';

describe('breakwater --help / --version', () => {
  afterEach(removeTempDirs);

  it('prints usage with both commands, every option and the exit codes', () => {
    const dir = tempDir();
    for (const args of [[], ['--help'], ['scan', '--help'], ['fix', '-h']]) {
      const run = runCli(args, dir);
      assert.equal(run.status, 0, args.join(' '));
      assert.match(run.stdout, /breakwater scan \[paths\.\.\]/);
      assert.match(run.stdout, /breakwater fix \[paths\.\.\]/);
      for (const option of ['--format', '--fail-on', '--preset', '--settings', '--transform', '--timeout-ms', '--max-ms', '--runtime', '--policy-module', '--write', '--force']) {
        assert.ok(run.stdout.includes(option), `${option} is documented`);
      }
      assert.match(run.stdout, /Exit codes:\n {2}0 {2}success\n {2}1 {2}scan: findings at or above --fail-on\n {2}2 .*\n {2}3 .*parsed.*\n {2}4 {2}fix --write refused/);
    }
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(CLI), '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(runCli(['--version'], tempDir()).stdout, `${pkg.version}\n`);
  });
});
