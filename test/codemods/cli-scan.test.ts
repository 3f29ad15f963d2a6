// `breakwater scan` as a user runs it: the real bin as a child process on a copy of
// scan-fixtures/service. Every expected value below is read off the fixture's code by hand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import breakwater from 'eslint-plugin-breakwater';
import type { ScanResult } from '@breakwater/codemods';
import { CLI, copyFixture, removeTempDirs, runCli, writeFiles } from './cli-helpers.js';

const ANSI = /\u001b\[/;

/** The service fixture plus what git would not keep in the repository: dependencies, build output, ignored files. */
function serviceProject(): string {
  const dir = copyFixture('service');
  writeFiles(dir, {
    '.gitignore': 'src/generated/\n*.local.ts\n',
    'node_modules/left-pad/index.js': "fetch('https://npm.example.com/left-pad');\n",
    'dist/bundle.js': "fetch('https://bundle.example.com/');\n",
    'src/generated/client.ts': "export const g = () => fetch('https://generated.example.com/');\n",
    'src/scratch.local.ts': "export const s = () => fetch('https://scratch.example.com/');\n",
  });
  return dir;
}

function scanJson(dir: string, ...args: string[]): { status: number | null; result: ScanResult; stderr: string } {
  const run = runCli(['scan', '--format', 'json', ...args], dir);
  return { status: run.status, result: JSON.parse(run.stdout) as ScanResult, stderr: run.stderr };
}

/** The calls in the fixture, read off its source: file:line, client, method, service, timeout. */
const EXPECTED_CALLS = [
  'src/inventory.ts:2 fetch GET inventory bounded 3000 signal',
  'src/inventory.ts:7 fetch POST inventory missing - -',
  'src/legacy.cjs:4 node-http GET legacy ineffective 1000 call',
  'src/orders.ts:7 axios POST orders bounded 5000 call',
  'src/orders.ts:16 fetch GET orders bounded 2000 signal',
  'src/orders.ts:19 fetch GET orders bounded 1000 signal',
  'src/payments.ts:6 axios POST payments missing - -',
  'src/payments.ts:10 axios POST payments bounded 2000 instance',
  'src/payments.ts:14 axios GET payments disabled - call',
  'src/ui/widget.tsx:2 fetch GET inventory missing - -',
  'src/users.mjs:3 got GET users bounded 1500 call',
];

/**
 * The recommended preset: require-timeout on every call above whose timeout is not bounded; in
 * orders.ts, the for loop that retries a POST without a key (no-unsafe-retry at the call), on every
 * error (retry-transient-only at its catch) after a fixed 1 s (require-backoff-jitter at the
 * sleep), and the Promise.all over ids.map (no-unbounded-fanout). p-retry around a GET, with
 * randomize, is fine.
 */
const EXPECTED_FINDINGS = [
  'src/inventory.ts:7:10 error breakwater/require-timeout',
  'src/legacy.cjs:4:15 error breakwater/require-timeout',
  'src/orders.ts:7:20 error breakwater/no-unsafe-retry',
  'src/orders.ts:8:7 warn breakwater/retry-transient-only',
  'src/orders.ts:9:13 warn breakwater/require-backoff-jitter',
  'src/orders.ts:19:10 warn breakwater/no-unbounded-fanout',
  'src/payments.ts:6:10 error breakwater/require-timeout',
  'src/payments.ts:14:10 error breakwater/require-timeout',
  'src/ui/widget.tsx:2:22 error breakwater/require-timeout',
];

describe('breakwater scan (CLI)', function () {
  this.timeout(60_000);
  afterEach(removeTempDirs);

  describe('on the service fixture', () => {
    let dir: string;
    let status: number | null;
    let result: ScanResult;
    let stderr: string;
    before(() => {
      dir = serviceProject();
      ({ status, result, stderr } = scanJson(dir));
    });

    it('lists exactly the source files, skipping node_modules, dist and .gitignored files', () => {
      assert.deepEqual(result.files, [
        'src/broken.ts',
        'src/inventory.ts',
        'src/legacy.cjs',
        'src/orders.ts',
        'src/payments.ts',
        'src/ui/widget.tsx',
        'src/users.mjs',
        'src/util/math.ts',
      ]);
    });

    it('inventories every outbound call with its location, client, method, service and timeout', () => {
      const calls = result.calls.map(
        (c) => `${c.file}:${c.line} ${c.client} ${c.method} ${c.service} ${c.timeout.status} ${c.timeout.ms ?? '-'} ${c.timeout.source ?? '-'}`,
      );
      assert.deepEqual(calls, EXPECTED_CALLS);
      const post = result.calls.find((c) => c.file === 'src/payments.ts' && c.line === 6);
      assert.equal(post?.url, 'https://payments.example.com/v1/charges');
      assert.equal(post?.host, 'payments.example.com');
      assert.equal(post?.label, 'axios.post');
      assert.equal(post?.idempotencyKey, false);
      assert.deepEqual(post?.retries, []);
      assert.equal(post?.breaker, null);
    });

    it('describes each retry around a call: by what, how often, whether safe and transient-only', () => {
      const retried = (line: number) => result.calls.find((c) => c.file === 'src/orders.ts' && c.line === line)?.retries;
      assert.deepEqual(retried(7), [
        { kind: 'hand-rolled', label: 'a hand-rolled for loop', maxAttempts: 3, backoff: { growth: 'fixed', jitter: false }, transientOnly: false, safety: 'unsafe' },
      ]);
      // retries: 4 → 5 attempts; fetch throws no 4xx, so p-retry's retry-everything never repeats one.
      assert.deepEqual(retried(16), [
        { kind: 'p-retry', label: 'p-retry', maxAttempts: 5, backoff: { growth: 'exponential', jitter: true }, transientOnly: true, safety: 'safe' },
      ]);
      assert.deepEqual(retried(19), []);
      assert.deepEqual(result.fanOuts, [
        { file: 'src/orders.ts', line: 19, column: 10, endLine: 19, endColumn: 126, combinator: 'all', bounded: false, calls: 1 },
      ]);
    });

    it('groups calls by service, with totals per kind of missing protection', () => {
      assert.deepEqual(
        result.services.map((s) => [s.name, s.calls, s.withoutTimeout]),
        [
          ['inventory', 3, 2],
          ['legacy', 1, 1],
          ['orders', 3, 0],
          ['payments', 3, 2],
          ['users', 1, 0],
        ],
      );
      const t = result.totals;
      assert.equal(t.calls, 11);
      assert.equal(t.files, 8);
      assert.equal(t.filesWithCalls, 6);
      assert.equal(t.services, 5);
      assert.equal(t.unprotected.timeout, 5);
      assert.equal(t.unprotected.timeoutMissing, 3);
      assert.equal(t.unprotected.timeoutDisabled, 1);
      assert.equal(t.unprotected.timeoutIneffective, 1);
      assert.equal(t.unprotected.breaker, 11);
      assert.equal(t.unprotected.bulkhead, 11);
      assert.equal(t.unprotected.unsafeRetry, 1);
      assert.equal(t.unprotected.retryAllErrors, 1);
      // POSTs without a key: inventory.ts:7, orders.ts:7, payments.ts:6, payments.ts:10.
      assert.equal(t.unprotected.idempotencyKey, 4);
      assert.equal(t.fanOuts, 1);
      assert.equal(t.unboundedFanOuts, 1);
    });

    it("reports the plugin's findings (recommended preset)", () => {
      assert.deepEqual(
        result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}`),
        EXPECTED_FINDINGS,
      );
      assert.deepEqual(result.totals.findings, {
        total: 9,
        error: 6,
        warn: 3,
        byRule: {
          'breakwater/require-timeout': 5,
          'breakwater/no-unsafe-retry': 1,
          'breakwater/retry-transient-only': 1,
          'breakwater/require-backoff-jitter': 1,
          'breakwater/no-unbounded-fanout': 1,
        },
      });
    });

    it('reports the unparsable file with path, position and reason, still scans the rest, and exits 3', () => {
      assert.deepEqual(result.fileErrors.map((e) => [e.file, e.kind, e.line, e.column]), [['src/broken.ts', 'parse', 1, 36]]);
      assert.match(result.fileErrors[0]?.message ?? '', /expected/);
      assert.equal(status, 3);
      assert.match(stderr, /src\/broken\.ts:1:36: parse error/);
    });
  });

  it('scans a file under node_modules or .gitignored when it is named on the command line', () => {
    const dir = serviceProject();
    const { result } = scanJson(dir, 'node_modules/left-pad/index.js', 'src/generated/client.ts');
    assert.deepEqual(result.files, ['node_modules/left-pad/index.js', 'src/generated/client.ts']);
    assert.deepEqual(result.calls.map((c) => `${c.file}:${c.line} ${c.host}`), [
      'node_modules/left-pad/index.js:1 npm.example.com',
      'src/generated/client.ts:1 generated.example.com',
    ]);
    assert.equal(result.findings.filter((f) => f.ruleId === 'breakwater/require-timeout').length, 2);
  });

  it('agrees exactly with eslint running the same preset', async () => {
    const dir = serviceProject();
    fs.rmSync(path.join(dir, 'src', 'broken.ts'));
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser: tsParser as never } },
        { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
        breakwater.configs.strict as never,
      ],
    });
    const { result } = scanJson(dir, '--preset', 'strict');
    const lint = await eslint.lintFiles(result.files);
    const fromEslint = lint
      .flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath).split(path.sep).join('/')}:${m.line}:${m.column} ${m.ruleId}`))
      .sort();
    const fromScan = result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
    assert.ok(fromEslint.length >= 5, 'the fixture has findings to compare');
    assert.deepEqual(fromScan, fromEslint);
  });

  describe('--format table', () => {
    it('groups calls under each service with aligned columns, then findings, unparsable files and totals', () => {
      const dir = serviceProject();
      const { stdout, status } = runCli(['scan'], dir);
      assert.equal(status, 3);
      assert.doesNotMatch(stdout, ANSI, 'no colors when stdout is not a terminal');
      const lines = stdout.split('\n');
      const titles = lines.filter((l) => /^ {2}\S/.test(l) && l.includes(' · '));
      assert.deepEqual(
        titles.map((l) => l.trim().split(' · ')[0]),
        ['inventory', 'legacy', 'orders', 'payments', 'users'],
      );
      // Each call row, under its service, with the timeout explained.
      const row = (location: string): string => lines.find((l) => l.trimStart().startsWith(`${location} `)) ?? '';
      assert.match(row('src/payments.ts:6:10'), /axios\.post\s+POST\s+none: missing/);
      assert.match(row('src/payments.ts:10:10'), /2000 ms \(instance\)/);
      assert.match(row('src/payments.ts:14:10'), /none: disabled/);
      assert.match(row('src/legacy.cjs:4:15'), /https\.request\s+GET\s+none: ineffective/);
      assert.match(row('src/inventory.ts:2:21'), /3000 ms \(signal\)/);
      assert.match(row('src/orders.ts:7:20'), /a hand-rolled for loop ×3, UNSAFE: no Idempotency-Key, retries all errors/);
      assert.match(row('src/orders.ts:16:16'), /p-retry ×5, transient only/);
      assert.match(stdout, /Fan-outs: 1 \(1 unbounded\)\n\s+src\/orders\.ts:19:10\s+Promise\.all over 1 outbound call\s+unbounded/);
      assert.ok(lines.indexOf(row('src/payments.ts:6:10')) > lines.findIndex((l) => l.includes('payments · ')));
      // Aligned: the TIMEOUT column starts at the same offset in every call row.
      const rows = ['src/payments.ts:6:10', 'src/ui/widget.tsx:2:22', 'src/users.mjs:3:32'].map(row);
      const offsets = rows.map((l) => l.search(/none: |\d+ ms /));
      assert.equal(new Set(offsets).size, 1, rows.join('\n'));
      assert.match(stdout, /Findings \(recommended\): 9 \(6 errors, 3 warnings\)/);
      assert.match(stdout, /src\/broken\.ts:1:36\s+parse\s+',' expected\./);
      assert.match(stdout, /without a timeout\s+5 \(missing 3, disabled 1, ineffective 1\)/);
    });

    it('colors only when asked by FORCE_COLOR, never with NO_COLOR', () => {
      const dir = serviceProject();
      assert.match(runCli(['scan'], dir, { FORCE_COLOR: '1' }).stdout, ANSI);
      assert.doesNotMatch(runCli(['scan'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, ANSI);
    });

    it('on a terminal: colors, and a progress line for a long run that is erased before the report', () => {
      const dir = serviceProject();
      const files: Record<string, string> = {};
      for (let i = 0; i < 600; i++) files[`src/many/f${i}.ts`] = `export const f${i} = () => fetch('https://s${i % 7}.example.com/x');\n`;
      writeFiles(dir, files);
      // util-linux `script` runs the CLI on a pseudo-terminal, as a person would.
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} scan --jobs 1 src/many`;
      const run = spawnSync('script', ['-qfec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm' } });
      assert.equal(run.status, 1, run.stderr);
      const progress = run.stdout.match(/breakwater scan: \d+\/600 files/g) ?? [];
      assert.ok(progress.length >= 1, 'a progress line was drawn');
      assert.ok(progress.length < 200, `throttled: ${progress.length} updates for 600 files`);
      assert.match(run.stdout, /\r\u001b\[K(?:\u001b\[\d+m)*Outbound calls: 600/, 'erased before the report starts');
      assert.match(run.stdout, /\u001b\[31mnone: missing\u001b\[39m/, 'colored on a terminal');
    });

    it('prints no progress line when stderr is not a terminal', () => {
      const dir = serviceProject();
      const files: Record<string, string> = {};
      for (let i = 0; i < 60; i++) files[`src/many/f${i}.ts`] = `export const f${i} = () => fetch('https://s${i % 7}.example.com/x');\n`;
      writeFiles(dir, files);
      const run = runCli(['scan', '--format', 'json', 'src/many'], dir);
      assert.equal(run.stderr, '');
      assert.equal((JSON.parse(run.stdout) as ScanResult).totals.calls, 60);
    });
  });

  it('gives the same result spread over worker threads as in one thread, in file order', () => {
    const dir = serviceProject();
    const files: Record<string, string> = {};
    // Every 7th file makes no call, every 11th does not parse: the workers must keep them in place.
    for (let i = 0; i < 90; i++) {
      const name = `src/bulk/m${String(i).padStart(3, '0')}.ts`;
      files[name] =
        i % 11 === 0 ? 'export const broken = (;\n' : i % 7 === 0 ? `export const n${i} = ${i};\n` : `export const f${i} = () => fetch('https://s${i % 5}.example.com/x');\n`;
    }
    writeFiles(dir, files);
    const one = runCli(['scan', '--format', 'json', '--jobs', '1'], dir);
    const three = runCli(['scan', '--format', 'json', '--jobs', '3'], dir);
    assert.equal(one.status, 3);
    assert.equal(three.status, 3);
    assert.equal(three.stdout, one.stdout);
    const result = JSON.parse(one.stdout) as ScanResult;
    assert.equal(result.fileErrors.length, 1 + 9, 'broken.ts and m000, m011, …, m088');
    assert.equal(result.calls.filter((c) => c.file.startsWith('src/bulk/')).length, 90 - 9 - 11);
    assert.equal(runCli(['scan', '--jobs', '0'], dir).status, 2);
  });

  describe('--fail-on and exit codes', () => {
    let dir: string;
    beforeEach(() => {
      dir = serviceProject();
      fs.rmSync(path.join(dir, 'src', 'broken.ts'));
    });

    it('exits 1 on error findings by default, and 0 with --fail-on none', () => {
      assert.equal(runCli(['scan'], dir).status, 1);
      assert.equal(runCli(['scan', '--fail-on', 'error'], dir).status, 1);
      assert.equal(runCli(['scan', '--fail-on', 'none'], dir).status, 0);
    });

    it('exits 0 on a clean folder, whatever --fail-on says', () => {
      for (const failOn of ['warn', 'error', 'none']) assert.equal(runCli(['scan', 'src/util', 'src/users.mjs', '--fail-on', failOn], dir).status, 0);
    });

    it('--fail-on warn also fails on warnings, which --fail-on error lets through', () => {
      // An inline config comment turns require-timeout into a warning for this file, as it would for eslint.
      writeFiles(dir, {
        'src/soft.ts': "/* eslint breakwater/require-timeout: 'warn' */\nexport const soft = () => fetch('https://catalog.example.com/items');\n",
      });
      const { result } = scanJson(dir, 'src/soft.ts');
      assert.deepEqual(result.findings.map((f) => `${f.line} ${f.severity} ${f.ruleId}`), ['2 warn breakwater/require-timeout']);
      assert.equal(runCli(['scan', 'src/soft.ts', '--fail-on', 'error'], dir).status, 0);
      assert.equal(runCli(['scan', 'src/soft.ts'], dir).status, 0);
      assert.equal(runCli(['scan', 'src/soft.ts', '--fail-on', 'warn'], dir).status, 1);
    });

    it('exits 3 when a file does not parse, even with --fail-on none', () => {
      writeFiles(dir, { 'src/bad.js': 'const = 1;\n' });
      assert.equal(runCli(['scan', '--fail-on', 'none'], dir).status, 3);
    });

    it('exits 2 with a clear message on usage errors', () => {
      const cases: Array<[string[], RegExp]> = [
        [['scan', '--format', 'xml'], /--format must be one of table, json, sarif/],
        [['scan', '--fail-on', 'sometimes'], /--fail-on must be one of warn, error, none/],
        [['scan', 'no-such-dir'], /no such file or folder: no-such-dir/],
        [['scan', '--bogus'], /Unknown option '--bogus'/],
        [['scan', '--settings', 'missing.json'], /cannot read settings file missing\.json/],
        [['frobnicate'], /unknown command "frobnicate"/],
      ];
      for (const [args, message] of cases) {
        const run = runCli(args, dir);
        assert.equal(run.status, 2, args.join(' '));
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      }
    });
  });

  describe('--settings', () => {
    it('reads declared clients and wrappers (settings.breakwater) from a JSON file', () => {
      const dir = serviceProject();
      writeFiles(dir, {
        'src/billing.ts': [
          "import { call } from '@acme/http';",
          "import { guarded } from './guard';",
          '',
          "export const invoices = () => call('https://billing.example.com/invoices');",
          "export const pdf = () => guarded(() => fetch('https://billing.example.com/pdf'));",
          '',
        ].join('\n'),
        'eslint-settings.json': JSON.stringify({
          settings: {
            breakwater: {
              clients: [{ from: 'package', package: '@acme/http', name: 'call', kind: 'fetch' }],
              wrappers: [{ from: 'file', name: 'guarded', provides: ['timeout', 'breaker'] }],
            },
          },
        }),
      });
      const without = scanJson(dir, 'src/billing.ts').result;
      assert.deepEqual(without.calls.map((c) => `${c.line} ${c.timeout.status}`), ['5 missing']);
      const withSettings = scanJson(dir, 'src/billing.ts', '--settings', 'eslint-settings.json').result;
      assert.deepEqual(
        withSettings.calls.map((c) => `${c.line} ${c.declaredAs ?? c.client} ${c.timeout.status} ${c.breaker?.kind ?? '-'}`),
        ['4 call missing -', '5 fetch bounded declared'],
      );
      assert.deepEqual(withSettings.findings.map((f) => `${f.line} ${f.ruleId}`), ['4 breakwater/require-timeout']);
    });

    it('the inventory sees what the rules see where the file path matters: clients declared by path, the policy module\'s values', () => {
      const dir = serviceProject();
      writeFiles(dir, {
        'src/resilience/policies.ts': [
          "import { policy } from '@breakwater/runtime';",
          "export const payments = policy('payments', { timeoutMs: 2500, retry: { maxAttempts: 2 }, breaker: false, bulkhead: false });",
          '',
        ].join('\n'),
        'src/lib/http.ts': 'export function call(url: string): Promise<Response> {\n  return fetch(url, { signal: AbortSignal.timeout(1000) });\n}\n',
        'src/checkout.ts': [
          "import { payments } from './resilience/policies.js';",
          "import { call } from './lib/http.js';",
          "export const charge = () => payments.execute(({ signal }) => fetch('https://payments.example.com/v1/charges', { method: 'POST', signal }));",
          "export const quote = () => call('https://quotes.example.com/');",
          '',
        ].join('\n'),
        'settings.json': JSON.stringify({ clients: [{ from: 'file', name: 'call', path: 'src/lib/http', kind: 'fetch' }] }),
      });
      for (const jobs of ['1', '2']) {
        const { result } = scanJson(dir, 'src/checkout.ts', '--settings', 'settings.json', '--jobs', jobs);
        // The policy module says 2.5 s, two attempts, no breaker: read from the file it imports.
        assert.deepEqual(
          result.calls.map((c) => `${c.line} ${c.declaredAs ?? c.label} ${c.timeout.status} ${c.timeout.ms ?? '-'} ${c.retries.map((r) => r.maxAttempts).join() || '-'} ${c.breaker?.kind ?? 'no-breaker'}`),
          ['3 fetch bounded 2500 2 no-breaker', '4 call missing - - no-breaker'],
          `--jobs ${jobs}`,
        );
        // The call the declared client makes is a finding, and an inventory entry to go with it.
        assert.deepEqual(result.findings.map((f) => `${f.line} ${f.ruleId}`), ['4 breakwater/require-timeout']);
      }
    });

    it('rejects a settings file of the wrong shape with the reason', () => {
      const dir = serviceProject();
      writeFiles(dir, { 'bad.json': JSON.stringify({ breakwater: { clients: [{ from: 'package', package: 'x', name: 'y', kind: 'telnet' }] } }) });
      const run = runCli(['scan', '--settings', 'bad.json'], dir);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /clients\[0\]\.kind must be one of fetch, node-fetch/);
    });
  });
});
