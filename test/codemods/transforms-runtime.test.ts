// The fixed code runs: a JavaScript project (checkJs) is fixed with every transform and the
// vendored runtime as a .js file, type-checks as before, and then its functions are called against
// a real HTTP server on 127.0.0.1: a normal call answers, a hung one is ended by the policy's
// timeout, and connections reset three times are retried by the service policy that replaced the
// 4-attempt loop (its entry carries the loop's attempt count: the default 3 would give up).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ALL_TRANSFORMS, createFixSession } from '@breakwater/codemods/transforms';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/project-js/', import.meta.url));

function typecheck(project: string): string[] {
  const config = ts.readConfigFile(join(project, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, project);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? relative(project, d.file.fileName) : '-'} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

/** /items answers, /hang never does, /flaky resets the first three connections and then answers. */
function startServer(): Promise<{ server: Server; url: string; hits: Record<string, number> }> {
  const hits: Record<string, number> = {};
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === '/hang') return; // never answers
    if (path === '/flaky' && hits[path]! <= 3) return req.socket.destroy();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path, ok: true }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })));
}

describe('codemods transforms: the fixed code runs against a real server', function () {
  this.timeout(60_000);
  let root: string;
  let project: string;
  let srv: Awaited<ReturnType<typeof startServer>>;

  before(async () => {
    mkdirSync(join(REPO, 'tmp'), { recursive: true });
    root = mkdtempSync(join(REPO, 'tmp', 'codemods-runtime-'));
    project = join(root, 'project');
    cpSync(FIXTURE, project, { recursive: true });
    srv = await startServer();
  });
  after(() => {
    srv?.server.closeAllConnections();
    srv?.server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('fixes the JavaScript project with the vendored runtime and it still type-checks', () => {
    const before = typecheck(project);
    const session = createFixSession({
      transforms: ALL_TRANSFORMS,
      timeoutMs: 300,
      runtime: 'vendor',
      policyModulePath: join(project, 'src/resilience/policies.js'),
      vendorPath: join(project, 'src/vendor/breakwater-runtime.js'),
    });
    for (const entry of readdirSync(join(project, 'src'))) {
      const file = join(project, 'src', entry);
      const result = session.fixFile(file, readFileSync(file, 'utf8'));
      if (!result.ok) assert.fail(result.error);
      writeFileSync(file, result.text);
    }
    const extras = session.extraFiles((p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined));
    for (const f of extras) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text);
    }
    assert.deepEqual(extras.map((f) => relative(project, f.path)).sort(), ['src/resilience/policies.js', 'src/vendor/breakwater-runtime.d.ts', 'src/vendor/breakwater-runtime.js']);
    assert.match(readFileSync(join(project, 'src/inventory.js'), 'utf8'), /inventory\.execute\(/);
    // With wrap-policy chosen too, the loop becomes the service policy (one retry, with a breaker), not a bare retry().
    assert.match(readFileSync(join(project, 'src/orders.js'), 'utf8'), /return await orders\.execute\(async \(\{ signal \}\) => \{/);
    assert.doesNotMatch(readFileSync(join(project, 'src/orders.js'), 'utf8'), /\bretry\(/);
    assert.match(readFileSync(join(project, 'src/resilience/policies.js'), 'utf8'), /export const orders = policy\('orders', \{\n {2}timeoutMs: 300, \/\/ per attempt\n {2}retry: \{ maxAttempts: 4,/);
    assert.deepEqual(typecheck(project), before);
  });

  it('a normal call answers through its policy', async () => {
    const inventory = await import(pathToFileURL(join(project, 'src/inventory.js')).href);
    assert.deepEqual(await inventory.items(srv.url), { path: '/items', ok: true });
  });

  it('a hung call is ended by the policy timeout instead of hanging forever', async () => {
    const inventory = await import(pathToFileURL(join(project, 'src/inventory.js')).href);
    await assert.rejects(inventory.stuck(srv.url), (err: Error) => err.name === 'TimeoutError');
  });

  it('the service policy that replaced the loop retries reset connections, as many times as the loop did', async () => {
    const orders = await import(pathToFileURL(join(project, 'src/orders.js')).href);
    assert.deepEqual(await orders.recentOrders(srv.url), { path: '/flaky', ok: true });
    assert.equal(srv.hits['/flaky'], 4);
  });
});
