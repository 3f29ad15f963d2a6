// Policies imported from the project's policy module are read from that module on disk: a real
// temporary project with src/resilience/policies.ts (as `breakwater fix --transform wrap-policy`
// writes it) and a calling file, analysed through analyzeText and linted by the real ESLint.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import breakwater from 'eslint-plugin-breakwater';
import { analysisErrors, analyzeText, type BreakwaterSettings, type FileAnalysis } from 'eslint-plugin-breakwater/analysis';

const INVENTORY = `import { policy } from '@breakwater/runtime';

export const inventory = policy('inventory', {
  timeoutMs: 5000, // per attempt
  retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2000 },
  breaker: { failureThreshold: 5, openMs: 30000 },
  bulkhead: { limit: 16, queue: 32 },
});
`;

const CALLER = `import { inventory } from '../resilience/policies.js';

export const loadAll = (ids: string[]) =>
  Promise.all(ids.map((id) => inventory.execute(({ signal }) => fetch(\`http://inventory.internal/items/\${id}\`, { signal }))));
`;

let root: string;
const file = (rel: string): string => path.join(root, rel);
function write(rel: string, text: string): void {
  mkdirSync(path.dirname(file(rel)), { recursive: true });
  writeFileSync(file(rel), text);
}

function analyse(rel: string, settings?: BreakwaterSettings): FileAnalysis {
  const result = analyzeText(readFileSync(file(rel), 'utf8'), file(rel), settings);
  assert.equal(result.parseError, undefined);
  assert.deepEqual(analysisErrors(result.analysis), []);
  return result.analysis;
}

/** What `breakwater scan` and the extension's inventory show for the only call in a file. */
function inventoryOf(rel: string, settings?: BreakwaterSettings): Record<string, unknown> {
  const { calls, fanOuts } = analyse(rel, settings);
  assert.equal(calls.length, 1);
  const c = calls[0]!;
  const r = c.retries[0];
  return {
    timeout: c.timeout.status,
    ms: c.timeout.ms,
    breaker: c.breaker?.label ?? null,
    bulkhead: c.bulkhead ? `${c.bulkhead.label} limit=${c.bulkhead.limit ?? '?'}` : null,
    retry: r ? `${r.kind} attempts=${r.maxAttempts} growth=${r.backoff.growth} jitter=${r.backoff.jitter} nonIdempotent=${r.retriesNonIdempotent}` : null,
    fanOut: fanOuts.map((f) => (f.bounded ? `bounded by ${f.boundedBy}` : 'unbounded')).join(', ') || null,
  };
}

/** The real ESLint on the temp project, every Breakwater rule an error; "file:line rule" per finding. */
async function lint(files: string[], settings?: BreakwaterSettings): Promise<string[]> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser as Linter.Parser },
      plugins: { breakwater: breakwater as unknown as ESLint.Plugin },
      rules: { ...breakwater.configs.strict.rules },
      ...(settings ? { settings: { breakwater: settings } } : {}),
    },
  ];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId ?? m.message}`)).sort();
}

describe('analysis: policies read from the project policy module', function () {
  this.timeout(60_000);
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bw-policies-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('uses the module’s timeout, retry, breaker and bulkhead instead of the defaults (before: module absent, after: written)', () => {
    write('src/orders/load.ts', CALLER);
    // Before: the module cannot be read, so the runtime's defaults are assumed (no bulkhead, unknown ms).
    assert.deepEqual(inventoryOf('src/orders/load.ts'), {
      timeout: 'bounded',
      ms: null,
      breaker: "Breakwater policy 'inventory' from '../resilience/policies.js'",
      bulkhead: null,
      retry: 'breakwater attempts=null growth=unknown jitter=true nonIdempotent=false',
      fanOut: 'unbounded',
    });
    write('src/resilience/policies.ts', INVENTORY);
    assert.deepEqual(inventoryOf('src/orders/load.ts'), {
      timeout: 'bounded',
      ms: 5000,
      breaker: "Breakwater policy 'inventory' from '../resilience/policies.js'",
      bulkhead: "Breakwater policy 'inventory' from '../resilience/policies.js' limit=16",
      retry: 'breakwater attempts=4 growth=exponential jitter=true nonIdempotent=false',
      fanOut: "bounded by Breakwater policy 'inventory' from '../resilience/policies.js' (limit 16)",
    });
  });

  it('no-unbounded-fanout: reported with the defaults assumption, not once the module’s bulkhead is read', async () => {
    write('src/orders/load.ts', CALLER);
    assert.deepEqual(await lint(['src']), ['src/orders/load.ts:4 breakwater/no-unbounded-fanout']);
    write('src/resilience/policies.ts', INVENTORY);
    assert.deepEqual(await lint(['src']), []);
  });

  it('bulkhead: false, breaker: false and timeoutMs: 60_000 are what the rules see', async () => {
    write(
      'src/resilience/policies.ts',
      `import { policy } from '@breakwater/runtime';\nexport const inventory = policy('inventory', { timeoutMs: 60_000, breaker: false, bulkhead: false });\n`,
    );
    write('src/orders/load.ts', CALLER);
    assert.deepEqual(inventoryOf('src/orders/load.ts'), {
      timeout: 'bounded',
      ms: 60_000,
      breaker: null,
      bulkhead: null,
      retry: 'breakwater attempts=3 growth=exponential jitter=true nonIdempotent=false',
      fanOut: 'unbounded',
    });
    // 60 s is over require-timeout's default maxMs (30 s); no breaker; no bulkhead under the fan-out.
    assert.deepEqual(await lint(['src']), [
      'src/orders/load.ts:4 breakwater/no-unbounded-fanout',
      'src/orders/load.ts:4 breakwater/require-circuit-breaker',
      'src/orders/load.ts:4 breakwater/require-timeout',
    ]);
    const [result] = await new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser }, plugins: { breakwater: breakwater as unknown as ESLint.Plugin }, rules: { 'breakwater/require-timeout': 'error' } }],
    }).lintFiles([file('src/orders/load.ts')]);
    assert.match(result!.messages[0]!.message, /may wait 60000 ms .* more than the 30000 ms/);
  });

  it('the module’s retry: off, without jitter, and repeating unkeyed POSTs', async () => {
    write(
      'src/resilience/policies.ts',
      [
        `import { policy } from '@breakwater/runtime';`,
        `export const quiet = policy('quiet', { retry: false });`,
        `export const eager = policy('eager', { retry: { maxAttempts: 5, jitter: 'none', retryNonIdempotent: true } });`,
      ].join('\n'),
    );
    write(
      'src/pay.ts',
      [
        `import { quiet, eager } from './resilience/policies';`,
        `export const a = () => quiet.execute(({ signal }) => fetch('http://a.internal/x', { signal }));`,
        `export const b = () => eager.execute(({ signal }) => fetch('http://b.internal/charge', { method: 'POST', signal }));`,
      ].join('\n'),
    );
    const { calls } = analyse('src/pay.ts');
    assert.deepEqual(calls[0]!.retries, []);
    const r = calls[1]!.retries[0]!;
    assert.deepEqual([r.maxAttempts, r.backoff.growth, r.backoff.jitter, r.retriesNonIdempotent], [5, 'exponential', false, true]);
    // The constructs point at the call site in this file, never at nodes of the policy module.
    const text = readFileSync(file('src/pay.ts'), 'utf8');
    assert.equal(text.slice(r.backoff.node!.range[0], r.backoff.node!.range[1]).startsWith('eager.execute('), true);
    assert.deepEqual(await lint(['src/pay.ts']), ['src/pay.ts:3 breakwater/no-unsafe-retry', 'src/pay.ts:3 breakwater/require-backoff-jitter']);
  });

  it('a module that does not parse, or is missing, falls back to the defaults without an error', () => {
    write('src/orders/load.ts', CALLER);
    write('src/resilience/policies.ts', `export const inventory = policy('inventory', { timeoutMs: 5000, bulkhead: 4 ;\n`);
    const fallback = inventoryOf('src/orders/load.ts');
    assert.equal(fallback.ms, null);
    assert.equal(fallback.bulkhead, null);
    rmSync(file('src/resilience/policies.ts'));
    assert.deepEqual(inventoryOf('src/orders/load.ts'), fallback);
  });

  it('an export whose value is not a policy() call (a factory, a dynamic config) keeps the defaults assumption', () => {
    write(
      'src/resilience/policies.ts',
      [
        `import { policy } from '@breakwater/runtime';`,
        `import { config } from '../config.js';`,
        `const make = (name: string) => policy(name, config[name]);`,
        `export const inventory = make('inventory');`,
      ].join('\n'),
    );
    write('src/orders/load.ts', CALLER);
    const inv = inventoryOf('src/orders/load.ts');
    assert.deepEqual([inv.ms, inv.bulkhead, inv.fanOut], [null, null, 'unbounded']);
    assert.equal(inv.breaker, "Breakwater policy 'inventory' from '../resilience/policies.js'");
  });

  it('resolves .js → .ts, .mjs → .mts, extensionless and index files, re-exports, export { x }, CJS and default objects', () => {
    const policy = (name: string, limit: number): string => `policy('${name}', { bulkhead: ${limit} })`;
    write('src/resilience/index.ts', `export * from './policies.js';\nexport { payments as pay } from './payments.js';\n`);
    write('src/resilience/policies.ts', `import { policy } from '@breakwater/runtime';\nconst inventory = ${policy('inventory', 1)};\nexport { inventory };\nexport default { orders: ${policy('orders', 2)} };\n`);
    write('src/resilience/payments.ts', `import { policy } from '@breakwater/runtime';\nexport const payments = ${policy('payments', 3)};\n`);
    write('src/resilience/policies.mts', `import { policy } from '@breakwater/runtime';\nexport const billing = ${policy('billing', 4)};\n`);
    write('src/resilience/policy.cjs', `const { policy } = require('@breakwater/runtime');\nmodule.exports = { shipping: ${policy('shipping', 5)} };\nexports.returns = ${policy('returns', 6)};\n`);
    write('src/legacy/relay.ts', `import { inventory } from '../resilience/policies.js';\nexport { inventory as stock };\n`);
    const limitOf = (code: string, settings?: BreakwaterSettings): number | undefined => {
      write('src/app/use.ts', code);
      return analyse('src/app/use.ts', settings).calls[0]?.bulkhead?.limit;
    };
    const call = (p: string): string => `${p}.execute(() => fetch('http://x.internal'));`;
    assert.equal(limitOf(`import { inventory } from '../resilience/policies.js'; ${call('inventory')}`), 1);
    assert.equal(limitOf(`import { inventory } from '../resilience/policies'; ${call('inventory')}`), 1);
    assert.equal(limitOf(`import * as policies from '../resilience/policies.ts'; ${call('policies.inventory')}`), 1);
    assert.equal(limitOf(`import policies from '../resilience/policies.js'; ${call('policies.orders')}`), 2);
    assert.equal(limitOf(`import { inventory, pay } from '../resilience'; ${call('pay')}`), 3);
    assert.equal(limitOf(`import { inventory } from '../resilience/index.js'; ${call('inventory')}`), 1);
    assert.equal(limitOf(`import { billing } from '../resilience/policies.mjs'; ${call('billing')}`), 4);
    assert.equal(limitOf(`const { shipping, returns } = require('../resilience/policy.cjs'); ${call('shipping')}`), 5);
    assert.equal(limitOf(`const policies = require('../resilience/policy.cjs'); ${call('policies.returns')}`), 6);
    // A module matched by settings.breakwater.policyModules, re-exporting an import of the real one.
    assert.equal(limitOf(`import { stock } from '../legacy/relay.js'; ${call('stock')}`, { policyModules: ['legacy/relay'] }), 1);
    // Not a policy module by name: not read (and not a policy at all).
    assert.equal(limitOf(`import { stock } from '../legacy/relay.js'; ${call('stock')}`), undefined);
  });

  it('only reads relative specifiers of regular files, and stops on re-export cycles', () => {
    // A package-like specifier configured as a policy module is a policy, but nothing is read for it.
    write('src/a.ts', `import { inventory } from '#app/policies'; inventory.execute(() => fetch('http://x.internal'));`);
    assert.equal(analyse('src/a.ts', { policyModules: ['policies'] }).calls[0]!.breaker?.kind, 'breakwater');
    assert.equal(analyse('src/a.ts', { policyModules: ['policies'] }).calls[0]!.timeout.ms, null);
    // A FIFO named like the module would block a read forever: it is skipped.
    mkdirSync(file('src/fifo'), { recursive: true });
    execFileSync('mkfifo', [file('src/fifo/policies.ts')]);
    write('src/b.ts', `import { inventory } from './fifo/policies.js'; inventory.execute(() => fetch('http://x.internal'));`);
    assert.equal(analyse('src/b.ts').calls[0]!.timeout.ms, null);
    // export * cycles and a module importing its own exports end with the defaults.
    write('src/loop/policies.ts', `export * from './more.js';\nimport { inventory as again } from './policies.js';\nexport const inventory = again;\n`);
    write('src/loop/more.ts', `export * from './policies.js';\n`);
    write('src/c.ts', `import { orders, inventory } from './loop/policies.js'; orders.execute(() => fetch('http://x.internal')); inventory.execute(() => fetch('http://y.internal'));`);
    const calls = analyse('src/c.ts').calls;
    assert.deepEqual(calls.map((c) => [c.breaker?.kind, c.timeout.ms]), [['breakwater', null], ['breakwater', null]]);
  });

  it('parses each module once per (path, mtime, size) and re-reads it when it changes', () => {
    const modulePath = file('src/resilience/policies.ts');
    const second = Math.floor(Date.now() / 1000) - 60; // whole seconds, so setting it again is exact
    write('src/resilience/policies.ts', INVENTORY);
    utimesSync(modulePath, second, second);
    write('src/orders/load.ts', CALLER);
    assert.equal(inventoryOf('src/orders/load.ts').ms, 5000);
    // Same size and mtime: the cached parse is used (this is the cache key, shown by a stale answer).
    write('src/resilience/policies.ts', INVENTORY.replace('5000', '7000'));
    utimesSync(modulePath, second, second);
    assert.equal(statSync(modulePath).mtimeMs, second * 1000);
    assert.equal(inventoryOf('src/orders/load.ts').ms, 5000);
    // A real edit changes the mtime: the module is parsed again.
    utimesSync(modulePath, second, second + 2);
    assert.equal(inventoryOf('src/orders/load.ts').ms, 7000);
    write('src/resilience/policies.ts', INVENTORY.replace('timeoutMs: 5000', 'timeoutMs: 12_000'));
    assert.equal(inventoryOf('src/orders/load.ts').ms, 12_000);
  });

  it('fetchWith(policy) of an imported policy takes the module’s retry', () => {
    write('src/resilience/policies.ts', `import { policy } from '@breakwater/runtime';\nexport const payments = policy('payments', { retry: { maxAttempts: 2, jitter: 'none' } });\n`);
    write('src/pay.ts', `import { fetchWith } from '@breakwater/runtime';\nimport { payments } from './resilience/policies.js';\nconst payFetch = fetchWith(payments);\nexport const pay = () => payFetch('http://payments.internal/charge');\n`);
    const [call] = analyse('src/pay.ts').calls;
    assert.deepEqual([call!.retries[0]?.maxAttempts, call!.retries[0]?.backoff.jitter, call!.timeout.ms], [2, false, 10_000]);
  });
});
