// The real ESLint with a user's flat config (test/fixtures/eslint-project/eslint.config.js, which
// spreads breakwater.configs.recommended), on a small service written for this test. The expected
// findings are written from what each fixture file contains.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const projectDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/eslint-project');

type Finding = [file: string, line: number, ruleId: string, severity: 'error' | 'warn'];

const expected: Finding[] = [
  // A fetch with no signal; an axios call with timeout: 0; the declared `http` client (axios-like, no timeout).
  ['src/checkout.ts', 12, 'breakwater/require-timeout', 'error'],
  ['src/checkout.ts', 25, 'breakwater/require-timeout', 'error'],
  ['src/checkout.ts', 29, 'breakwater/require-timeout', 'error'],
  // node:https `timeout` only emits an event; undici timers of 120 s exceed the 30 s maximum.
  ['src/legacy.cjs', 5, 'breakwater/require-timeout', 'error'],
  ['src/legacy.cjs', 13, 'breakwater/require-timeout', 'error'],
  // ky with timeout: false.
  ['src/catalog.mjs', 8, 'breakwater/require-timeout', 'error'],
  // A POST retried by p-retry with no Idempotency-Key (the second one has a key made once).
  ['src/orders.ts', 6, 'breakwater/no-unsafe-retry', 'error'],
];

describe('real ESLint on a fixture project (recommended preset)', function () {
  this.timeout(60_000);

  it('reports exactly the expected findings', async () => {
    const eslint = new ESLint({ cwd: projectDir, overrideConfigFile: path.join(projectDir, 'eslint.config.js') });
    const results = await eslint.lintFiles(['src']);
    const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}: ${m.message}`));
    assert.deepEqual(fatal, []);
    const actual: Finding[] = results
      .flatMap((r) =>
        r.messages.map((m): Finding => [path.relative(projectDir, r.filePath).split(path.sep).join('/'), m.line, m.ruleId ?? '(none)', m.severity === 2 ? 'error' : 'warn']),
      )
      .sort(compare);
    assert.deepEqual(actual, [...expected].sort(compare));
    // Every Breakwater rule ran on every file: a file with no outbound call reports nothing, not an error.
    assert.equal(results.length, 6);
  });

  it('links each finding to its rule documentation', async () => {
    const eslint = new ESLint({ cwd: projectDir, overrideConfigFile: path.join(projectDir, 'eslint.config.js') });
    const [result] = await eslint.lintFiles(['src/catalog.mjs']);
    const meta = eslint.getRulesMetaForResults([result!]);
    assert.match(String(meta['breakwater/require-timeout']?.docs?.url), /eslint-plugin\/docs\/rules\/require-timeout\.md$/);
  });

  it('turns an invalid settings.breakwater into a clear configuration error', async () => {
    const eslint = new ESLint({
      cwd: projectDir,
      overrideConfigFile: path.join(projectDir, 'eslint.config.js'),
      overrideConfig: { settings: { breakwater: { clients: [{ from: 'package', name: 'http', kind: 'axios' }] } } },
    });
    await assert.rejects(eslint.lintFiles(['src/checkout.ts']), /invalid settings\.breakwater[\s\S]*clients\[0\]\.package must name the npm package/);
  });
});

function compare(a: Finding, b: Finding): number {
  return a[0].localeCompare(b[0]) || a[1] - b[1] || a[2].localeCompare(b[2]);
}
