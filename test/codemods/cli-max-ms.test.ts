// `--max-ms`: the longest acceptable timeout, for scan (require-timeout's `maxMs`) and fix (what the
// transforms count as too long) alike, so a project fixed under one limit scans clean under it.
import assert from 'node:assert/strict';
import type { ScanResult } from '@breakwater/codemods';
import { read, removeTempDirs, runCli, tempDir, writeFiles } from './cli-helpers.js';

/** A call without a timeout, one bounded at 20 s and one at 45 s. */
function project(): string {
  const dir = tempDir();
  writeFiles(dir, {
    'package.json': '{ "name": "shop", "type": "module" }\n',
    'src/calls.ts': [
      "import axios from 'axios';",
      '',
      "export const open = () => fetch('https://catalog.example.com/items');",
      "export const slow = () => fetch('https://reports.example.com/daily', { signal: AbortSignal.timeout(20_000) });",
      "export const slower = () => axios.get('https://archive.example.com/all', { timeout: 45_000 });",
      '',
    ].join('\n'),
  });
  return dir;
}

function timeoutFindings(dir: string, ...args: string[]): string[] {
  const run = runCli(['scan', '--format', 'json', '--fail-on', 'none', ...args], dir);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as ScanResult;
  return result.findings.filter((f) => f.ruleId === 'breakwater/require-timeout').map((f) => `${f.line} ${/more than the (\d+) ms/.exec(f.message)?.[1] ?? 'missing'}`);
}

describe('--max-ms (CLI)', function () {
  this.timeout(120_000);
  afterEach(removeTempDirs);

  it('scan: a timeout longer than --max-ms is a require-timeout finding (default 30000, the rule\'s)', () => {
    const dir = project();
    assert.deepEqual(timeoutFindings(dir), ['3 missing', '5 30000']);
    assert.deepEqual(timeoutFindings(dir, '--max-ms', '10000'), ['3 missing', '4 10000', '5 10000']);
    assert.deepEqual(timeoutFindings(dir, '--max-ms', '60000'), ['3 missing']);
    // Worker threads get the same limit.
    assert.deepEqual(timeoutFindings(dir, '--max-ms', '10000', '--jobs', '2'), ['3 missing', '4 10000', '5 10000']);
    assert.deepEqual(timeoutFindings(dir, '--max-ms', '10000', '--preset', 'strict'), ['3 missing', '4 10000', '5 10000']);
  });

  it('fix: --timeout-ms may not exceed --max-ms; with both, fix and scan agree on the result', () => {
    const dir = project();
    const tooLong = runCli(['fix', '--transform', 'add-timeout', '--timeout-ms', '40000'], dir);
    assert.equal(tooLong.status, 2);
    assert.match(tooLong.stderr, /--timeout-ms \(40000\) is longer than --max-ms \(30000\): the timeouts fix adds would themselves be reported as too long/);

    const run = runCli(['fix', '--write', '--transform', 'add-timeout', '--timeout-ms', '40000', '--max-ms', '60000'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(read(dir, 'src/calls.ts'), /^export const open = \(\) => fetch\('https:\/\/catalog\.example\.com\/items', \{ signal: AbortSignal\.timeout\(40000\) \}\);$/m);
    assert.deepEqual(timeoutFindings(dir, '--max-ms', '60000'), [], 'clean under the limit it was fixed with');
    assert.deepEqual(timeoutFindings(dir), ['3 30000', '5 30000'], 'and too long under the default');
  });

  it('fix lowers exactly the timeouts scan calls too long under the same --max-ms', () => {
    for (const [maxMs, expected] of [
      ['10000', ['{ signal: AbortSignal.timeout(5000) })', '{ signal: AbortSignal.timeout(5000) })', '{ timeout: 5000 })']],
      ['60000', ['{ signal: AbortSignal.timeout(5000) })', '{ signal: AbortSignal.timeout(20_000) })', '{ timeout: 45_000 })']],
    ] as const) {
      const dir = project();
      const run = runCli(['fix', '--write', '--transform', 'add-timeout', '--max-ms', maxMs], dir);
      assert.equal(run.status, 0, run.stderr);
      const calls = read(dir, 'src/calls.ts').split('\n').filter((line) => line.startsWith('export'));
      assert.deepEqual(calls.map((line) => line.slice(line.lastIndexOf(', ') + 2, -1)), expected, `--max-ms ${maxMs}`);
      assert.deepEqual(timeoutFindings(dir, '--max-ms', maxMs), [], `scan --max-ms ${maxMs} after fix --max-ms ${maxMs}`);
    }
  });

  it('rejects a --max-ms that is not a positive whole number of milliseconds, for scan and fix', () => {
    const dir = project();
    for (const command of ['scan', 'fix']) {
      for (const value of ['0', '5s', '-1', '1.5', '']) {
        const run = runCli([command, `--max-ms=${value}`], dir);
        assert.equal(run.status, 2, `${command} --max-ms=${value}`);
        assert.match(run.stderr, new RegExp(`--max-ms must be a positive whole number of milliseconds, not "${value.replace('.', '\\.')}"`));
      }
    }
  });
});
