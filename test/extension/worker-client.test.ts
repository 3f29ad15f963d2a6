// The extension host's client of the bundled lint worker (extension/dist/lint-worker.cjs, built by
// `npm run build`): a real worker thread, real answers, and a fresh worker after one dies.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LintWorkerClient } from '../../extension/src/worker-client.js';
import { generateServiceFile } from '../../bench/extension/generate.mjs';
import { diagnosticKey, type DiagnosticData } from '../../extension/src/diagnostic-mapping.js';

const FIX_OPTIONS = { policyModulePath: '/ws/src/resilience/policies.ts', vendorPath: '/ws/src/resilience/breakwater-runtime.ts' };
const keyOf = (d: DiagnosticData) => diagnosticKey(d.code.value, d.range);

const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../extension/dist/lint-worker.cjs');
const TEXT = "export const get = () => fetch('https://api.example.com/x');\n";

describe('lint worker client (bundled worker thread)', function () {
  this.timeout(60_000);
  // One worker for the tests that keep it alive: each start loads ESLint and TypeScript.
  const logs: string[] = [];
  let client: LintWorkerClient;

  before(() => {
    assert.ok(fs.existsSync(WORKER), `${WORKER} is missing: run \`npm run build\` (it bundles the extension)`);
    client = new LintWorkerClient(WORKER, (m) => logs.push(m));
  });
  after(() => client.dispose());

  it('lints in the worker and answers requests in order', async () => {
    const [init, first, second] = await Promise.all([
      client.request('init', {}),
      client.request('lint', { filePath: '/ws/a.ts', text: TEXT, settings: {} }),
      client.request('lint', { filePath: '/ws/b.ts', text: 'export const x = 1;\n', settings: {} }),
    ]);
    assert.equal(init.ruleDefaults['require-timeout'], 'error');
    assert.deepEqual(first.diagnostics.map((d) => d.code.value), ['breakwater/require-timeout']);
    assert.deepEqual(second.diagnostics, []);
    assert.equal(client.starts, 1, 'only the lint worker');
  });

  it('answers a failing request with its error and keeps serving', async () => {
    await assert.rejects(client.request('lint', { filePath: '/ws/a.ts', text: 42 as unknown as string, settings: {} }));
    const again = await client.request('lint', { filePath: '/ws/a.ts', text: TEXT, settings: {} });
    assert.equal(again.diagnostics.length, 1);
    assert.equal(client.starts, 1);
  });

  it('fails the requests in flight when the worker dies, and starts a new one for the next', async () => {
    const startsBefore = client.starts;
    // A text the worker has not seen, long enough that the worker is still linting when it dies.
    const inFlight = client.request('lint', { filePath: '/ws/big.ts', text: generateServiceFile(3000), settings: {} });
    await (client as unknown as { lanes: { lint: { worker: { terminate(): Promise<number> } } } }).lanes.lint.worker.terminate();
    await assert.rejects(inFlight, /lint worker stopped/);
    const after = await client.request('lint', { filePath: '/ws/a.ts', text: TEXT, settings: {} });
    assert.equal(after.diagnostics.length, 1);
    assert.equal(client.starts, startsBefore + 1);
    assert.ok(logs.some((l) => /exited with code/.test(l)));
  });

  it('answers diagnostics while a quick fix is still being built (two workers)', async () => {
    const file = '/ws/src/orders.ts';
    const text = generateServiceFile(300);
    const { diagnostics } = await client.request('lint', { filePath: file, text, settings: {} });
    const order: string[] = [];
    const fixes = client
      .request('quickFixes', { filePath: file, text, settings: {}, targets: diagnostics.slice(0, 3).map(keyOf), fixOptions: FIX_OPTIONS, files: {} })
      .then((r) => (order.push('quick fixes'), r));
    const lint = client.request('lint', { filePath: '/ws/src/other.ts', text: TEXT, settings: {} }).then((r) => (order.push('lint'), r));
    const [plans, other] = await Promise.all([fixes, lint]);
    assert.deepEqual(order, ['lint', 'quick fixes']);
    assert.equal(other.diagnostics.length, 1);
    assert.ok(plans.plans.every((p) => p.length > 0), 'every finding got its quick fixes');
  });

  it('skips a quick-fix request cancelled before it started, and serves the next', async () => {
    const file = '/ws/src/orders.ts';
    const text = generateServiceFile(300);
    const { diagnostics } = await client.request('lint', { filePath: file, text, settings: {} });
    const request = (i: number) => ({ filePath: file, text, settings: {}, targets: [keyOf(diagnostics[i]!)], fixOptions: FIX_OPTIONS, files: {} });
    let cancel = () => {};
    const token = {
      isCancellationRequested: false,
      onCancellationRequested(listener: () => void) {
        cancel = () => {
          token.isCancellationRequested = true;
          listener();
        };
        return { dispose() {} };
      },
    };
    // The first keeps the fix worker busy while the second is cancelled (as VS Code does when the cursor moves on).
    const first = client.request('quickFixes', request(10));
    const second = client.request('quickFixes', request(20), token);
    cancel();
    const third = client.request('quickFixes', request(20));
    const [a, b, c] = await Promise.all([first, second, third]);
    assert.ok(a.plans[0]!.length > 0);
    assert.deepEqual(b.plans, [[]], 'skipped: no plans');
    assert.ok(c.plans[0]!.length > 0, 'the same request, not cancelled, has plans');
  });

  it('rejects requests after dispose', async () => {
    const disposed = new LintWorkerClient(WORKER, () => {});
    await disposed.dispose();
    await assert.rejects(disposed.request('init', {}), /stopped/);
    assert.equal(disposed.starts, 0);
  });
});
