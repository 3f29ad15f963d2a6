// The extension host's client of the bundled lint worker (extension/dist/lint-worker.cjs, built by
// `npm run build`): a real worker thread, real answers, and a fresh worker after one dies.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LintWorkerClient } from '../../extension/src/worker-client.js';
import { generateServiceFile } from '../../bench/extension/generate.mjs';

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
    assert.equal(client.starts, 1);
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
    await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await assert.rejects(inFlight, /lint worker stopped/);
    const after = await client.request('lint', { filePath: '/ws/a.ts', text: TEXT, settings: {} });
    assert.equal(after.diagnostics.length, 1);
    assert.equal(client.starts, startsBefore + 1);
    assert.ok(logs.some((l) => /exited with code/.test(l)));
  });

  it('rejects requests after dispose', async () => {
    const disposed = new LintWorkerClient(WORKER, () => {});
    await disposed.dispose();
    await assert.rejects(disposed.request('init', {}), /stopped/);
    assert.equal(disposed.starts, 0);
  });
});
