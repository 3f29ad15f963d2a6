// The package as users get it: the CommonJS build through require(), the ESM build through
// import, and the types for both resolution modes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { build } from 'esbuild';
import ts from 'typescript';

const run = (args: string[]) => execFileSync(process.execPath, args, { encoding: 'utf8', cwd: process.cwd() }).trim();
const script = `
  const start = performance.now();
  rt.timeout(50, { name: 'cjs' }).execute(() => new Promise(() => {})).catch((e) =>
    console.log(JSON.stringify({ name: e.name, policy: e.policy, ok: e instanceof rt.TimeoutError, held: performance.now() - start })));`;

describe('runtime unit: packaging', () => {
  it('require() loads the CommonJS build, which works (in a child process)', () => {
    const out = JSON.parse(run(['-e', `const rt = require('@breakwater/runtime'); ${script}`])) as Record<string, unknown>;
    assert.deepEqual({ ...out, held: undefined }, { name: 'TimeoutError', policy: 'cjs', ok: true, held: undefined });
    assert.ok((out.held as number) >= 49, 'the hung work was released by the timeout, the process stayed alive for it');
  });

  it('createRequire resolves the .cjs entry, and import() the ESM one', async () => {
    const require = createRequire(import.meta.url);
    assert.match(require.resolve('@breakwater/runtime'), /dist[\\/]index\.cjs$/);
    const cjs = require('@breakwater/runtime') as typeof import('@breakwater/runtime');
    const esm = await import('@breakwater/runtime');
    assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
    assert.equal(typeof cjs.policy, 'function');
  });

  it('ESM import works in a child process', () => {
    const out = JSON.parse(run(['--input-type=module', '-e', `import * as rt from '@breakwater/runtime'; ${script}`])) as Record<string, unknown>;
    assert.equal(out.ok, true);
  });

  it('has types for require (.d.cts) and import (.d.ts): good code compiles, bad code does not', function () {
    this.timeout(120_000); // a real TypeScript program
    const dir = `${process.cwd()}/test/runtime/unit`;
    const good = `const p = rt.policy('x', { timeoutMs: 5, retry: { maxAttempts: 2 } });
      export const n: Promise<number> = p.execute(({ signal, attempt, timeLeft }) => (signal.aborted ? attempt : timeLeft), { method: 'POST' });`;
    const files: Record<string, string> = {
      [`${dir}/types-check.cts`]: `import rt = require('@breakwater/runtime');\n${good}`,
      [`${dir}/types-check.mts`]: `import * as rt from '@breakwater/runtime';\n${good}`,
      [`${dir}/types-bad.cts`]: `import rt = require('@breakwater/runtime');\nrt.policy('x', { timeoutMs: 'soon' });`,
    };
    const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'] };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists } = host;
    host.getSourceFile = (name, lang, ...rest) => (name in files ? ts.createSourceFile(name, files[name]!, lang) : getSourceFile.call(host, name, lang, ...rest));
    host.fileExists = (name) => name in files || fileExists.call(host, name);
    const program = ts.createProgram(Object.keys(files), options, host);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.split('/').pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^types-bad\.cts: .*string.*number/, 'a wrong option type is caught: the types are real, not any');
  });

  it('the bundle needs no Node built-in: it runs in a context holding only web-standard globals', async function () {
    this.timeout(30_000);
    const out = await build({ entryPoints: ['runtime/src/index.ts'], bundle: true, format: 'iife', globalName: 'rt', platform: 'browser', write: false, logLevel: 'silent' });
    const code = out.outputFiles[0]!.text;
    assert.doesNotMatch(code, /\brequire\(|from ["']node:/);
    // A browser-like global object: no process, no Buffer, no require; timers without unref().
    const sandbox = {
      AbortController,
      AbortSignal,
      Response,
      Request,
      Headers,
      AggregateError,
      DOMException,
      performance: { now: () => performance.now() },
      setTimeout: (f: () => void, ms: number) => setTimeout(f, ms)[Symbol.toPrimitive](),
      clearTimeout: (id: number) => clearTimeout(id),
      result: undefined as unknown,
    };
    vm.runInNewContext(
      `${code};
      result = (async () => {
        const p = rt.compose(rt.retry({ baseDelayMs: 1 }), rt.circuitBreaker(), rt.bulkhead(2), rt.timeout(30));
        const ok = await p.execute(({ attempt }) => attempt < 2 ? Promise.reject(Object.assign(new Error('r'), { code: 'ECONNRESET' })) : 'second');
        const late = await rt.timeout(20, { name: 'web' }).execute(() => new Promise(() => {})).catch((e) => e.policy + ' ' + e.name);
        return ok + '|' + late;
      })();`,
      sandbox,
    );
    assert.equal(await (sandbox.result as Promise<unknown>), 'second|web TimeoutError');
  });
});
