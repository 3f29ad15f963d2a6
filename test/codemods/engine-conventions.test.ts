// `fix` follows the target project's conventions: the import extension its tsconfig.json calls for
// (or its existing imports use), and JavaScript policy module and runtime files in a JavaScript
// project. The options the transforms get are checked through the public `fix()` with a stand-in
// session; the end-to-end cases run the real bin and load the result in Node or tsc.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fix, type FixOptions, type FixResult, type FixSession } from '@breakwater/codemods';
import { commitAll, git, read, removeTempDirs, runCli, tempDir, writeFiles } from './cli-helpers.js';

/** A session that changes nothing and keeps the options it was given. */
function recorder(seen: { options?: FixOptions }): (options: FixOptions) => FixSession {
  return (options) => {
    seen.options = options;
    return { fixFile: (_path, text) => ({ ok: true, text, changes: [] }), extraFiles: () => [] };
  };
}

async function conventionsOf(files: Record<string, string>, paths: string[] = ['src']): Promise<{ options: FixOptions; result: FixResult; root: string }> {
  const root = tempDir();
  writeFiles(root, files);
  const seen: { options?: FixOptions } = {};
  const result = await fix(paths, { cwd: root, runtime: 'vendor', createSession: recorder(seen) });
  assert.ok(seen.options);
  return { options: seen.options, result, root };
}

const require = createRequire(import.meta.url);

const TS_FILE = { 'src/a.ts': "export const a = () => fetch('https://a.example.com/');\n" };

describe('fix: the project\'s conventions', function () {
  this.timeout(120_000);
  afterEach(removeTempDirs);

  describe('import extension from tsconfig.json', () => {
    const cases: Array<[string, string, FixOptions['importExtension']]> = [
      ['module nodenext', '{ "compilerOptions": { "module": "nodenext" } }', 'js'],
      ['moduleResolution node16', '{ "compilerOptions": { "module": "node16", "moduleResolution": "node16" } }', 'js'],
      ['moduleResolution bundler', '{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler" } }', 'none'],
      ['bundler with allowImportingTsExtensions', '{ "compilerOptions": { "moduleResolution": "bundler", "allowImportingTsExtensions": true, "noEmit": true } }', 'ts'],
      ['nodenext with rewriteRelativeImportExtensions', '{ "compilerOptions": { "module": "nodenext", "rewriteRelativeImportExtensions": true } }', 'ts'],
      ['module commonjs (TypeScript 6 resolves as bundler)', '{ "compilerOptions": { "module": "commonjs" } }', 'none'],
      ['comments and trailing commas', '{\n  // the service\n  "compilerOptions": { "module": "nodenext", /* ESM */ },\n}\n', 'js'],
    ];
    for (const [name, tsconfig, expected] of cases) {
      it(`${name} → ${expected}`, async () => {
        // The files' own imports say otherwise: the tsconfig decides.
        const { options, result, root } = await conventionsOf({ 'tsconfig.json': tsconfig, ...TS_FILE, 'src/b.ts': "import { a } from './a.mjs';\n" });
        assert.equal(options.importExtension, expected);
        assert.equal(result.conventions.tsconfig, path.join(root, 'tsconfig.json'));
        assert.equal(result.conventions.importExtensionFrom, 'tsconfig');
      });
    }

    it('follows extends, and takes the nearest tsconfig.json above the first path', async () => {
      const { options, result, root } = await conventionsOf(
        {
          'tsconfig.json': '{ "compilerOptions": { "moduleResolution": "bundler" } }',
          'packages/api/tsconfig.base.json': '{ "compilerOptions": { "module": "nodenext" } }',
          'packages/api/tsconfig.json': '{ "extends": "./tsconfig.base.json", "include": ["src"] }',
          'packages/api/src/a.ts': TS_FILE['src/a.ts'],
        },
        ['packages/api/src/a.ts'],
      );
      assert.equal(options.importExtension, 'js');
      assert.equal(result.conventions.tsconfig, path.join(root, 'packages/api/tsconfig.json'));
    });

    it('an unreadable tsconfig.json falls back to the imports', async () => {
      const { options, result } = await conventionsOf({ 'tsconfig.json': '{ "compilerOptions": ', ...TS_FILE, 'src/b.ts': "import { a } from './a';\n" });
      assert.equal(options.importExtension, 'none');
      assert.equal(result.conventions.importExtensionFrom, 'imports');
    });
  });

  describe('import extension without a tsconfig.json: the style most relative imports use', () => {
    it('counts import, export … from, import() and require() specifiers; ignores packages and non-code files', async () => {
      const { options, result } = await conventionsOf({
        'src/a.js': "import x from './x.js';\nexport { y } from '../lib/y.js';\nimport data from './data.json' with { type: 'json' };\nimport 'lodash';\n",
        'src/b.js': "const z = await import('./z');\nimport './styles.css';\n",
      });
      assert.equal(options.importExtension, 'js', 'two .js against one extensionless');
      assert.equal(result.conventions.importExtensionFrom, 'imports');
    });

    it('extensionless requires → none; .ts imports → ts', async () => {
      assert.equal((await conventionsOf({ 'src/a.cjs': "const x = require('./x');\nconst y = require('../y');\n" })).options.importExtension, 'none');
      assert.equal((await conventionsOf({ 'src/a.ts': "import { x } from './x.ts';\n" })).options.importExtension, 'ts');
    });

    it('a JavaScript project: its imports decide even with a tsconfig.json (which then only serves the editor)', async () => {
      const nodenext = '{ "compilerOptions": { "module": "nodenext", "allowJs": true, "checkJs": true } }';
      const withImports = await conventionsOf({ 'tsconfig.json': nodenext, 'src/a.cjs': "const x = require('./x');\n" });
      assert.equal(withImports.options.importExtension, 'none');
      assert.equal(withImports.result.conventions.importExtensionFrom, 'imports');
      // No import to copy: not the tsconfig's "none" (Node's ESM loader needs the extension), but the transforms' .js.
      const bare = await conventionsOf({ 'tsconfig.json': '{ "compilerOptions": { "checkJs": true } }', 'package.json': '{ "type": "module" }', 'src/a.js': '' });
      assert.equal('importExtension' in bare.options, false);
      assert.equal(bare.result.conventions.language, 'javascript');
    });

    it('no relative import anywhere: nothing is passed (the transforms default to .js)', async () => {
      const { options, result } = await conventionsOf({ 'src/a.js': "import axios from 'axios';\n" });
      assert.equal('importExtension' in options, false);
      assert.equal(result.conventions.importExtensionFrom, null);
    });
  });

  describe('policy module and vendored runtime of a JavaScript project', () => {
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ['"type": "module", .js files', { 'package.json': '{ "type": "module" }', 'src/a.js': '' }, 'policies.js', 'breakwater-runtime.js'],
      ['no "type", .mjs files', { 'package.json': '{}', 'src/a.mjs': '' }, 'policies.mjs', 'breakwater-runtime.mjs'],
      ['no "type", .js files (a .js policy module would be CommonJS)', { 'package.json': '{ "type": "commonjs" }', 'src/a.js': '' }, 'policies.mjs', 'breakwater-runtime.mjs'],
      ['a tsconfig.json, but every file fixed is JavaScript', { 'package.json': '{ "type": "module" }', 'tsconfig.json': '{}', 'src/a.mjs': '', 'src/b.js': '' }, 'policies.js', 'breakwater-runtime.js'],
      ['TypeScript files without a tsconfig.json', { 'package.json': '{ "type": "module" }', 'src/a.ts': '', 'src/b.js': '' }, 'policies.ts', 'breakwater-runtime.ts'],
      ['TypeScript and JavaScript files with a tsconfig.json', { 'package.json': '{ "type": "module" }', 'tsconfig.json': '{}', 'src/a.ts': '', 'src/b.js': '' }, 'policies.ts', 'breakwater-runtime.ts'],
      ['an existing TypeScript policy module in a JavaScript project is extended', { 'package.json': '{ "type": "module" }', 'src/a.js': '', 'src/resilience/policies.ts': '' }, 'policies.ts', 'breakwater-runtime.ts'],
      ['an existing .mjs policy module in a TypeScript project is extended', { 'package.json': '{}', 'tsconfig.json': '{}', 'src/a.ts': '', 'src/resilience/policies.mjs': '' }, 'policies.mjs', 'breakwater-runtime.mjs'],
    ];
    for (const [name, files, policyModule, runtime] of cases) {
      it(`${name} → ${policyModule}, ${runtime}`, async () => {
        const { options, root } = await conventionsOf(files);
        assert.equal(options.policyModulePath, path.join(root, 'src/resilience', policyModule));
        assert.equal(options.vendorPath, path.join(root, 'src/resilience', runtime));
      });
    }

    it('--policy-module given as .js: the vendored runtime beside it is .js too; an explicit --vendor-path wins', async () => {
      const root = tempDir();
      writeFiles(root, { 'package.json': '{}', 'tsconfig.json': '{}', 'src/a.ts': '' });
      const seen: { options?: FixOptions } = {};
      await fix(['src'], { cwd: root, runtime: 'vendor', policyModule: 'lib/policies.js', createSession: recorder(seen) });
      assert.equal(seen.options?.vendorPath, path.join(root, 'lib/breakwater-runtime.js'));
      await fix(['src'], { cwd: root, runtime: 'vendor', policyModule: 'lib/policies.js', vendorPath: 'vendor/rt.ts', createSession: recorder(seen) });
      assert.equal(seen.options?.vendorPath, path.join(root, 'vendor/rt.ts'));
    });
  });

  describe('end to end', () => {
    it('a JavaScript package without "type": .mjs policy module and runtime that Node loads, imports with .mjs', () => {
      const dir = tempDir();
      writeFiles(dir, {
        'package.json': '{ "name": "shop" }\n',
        'src/pay.mjs': "export async function charge(body) {\n  return fetch('https://payments.example.com/v1/charges', { method: 'POST', body });\n}\n",
      });
      commitAll(dir);
      const run = runCli(['fix', '--write', '--runtime', 'vendor'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort(), [
        ' M src/pay.mjs',
        '?? src/resilience/breakwater-runtime.d.mts',
        '?? src/resilience/breakwater-runtime.mjs',
        '?? src/resilience/policies.mjs',
      ]);
      assert.match(read(dir, 'src/pay.mjs'), /^import \{ payments \} from '\.\/resilience\/policies\.mjs';$/m);
      assert.match(read(dir, 'src/resilience/policies.mjs'), /^import \{ policy \} from '\.\/breakwater-runtime\.mjs';$/m);
      const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "const { payments } = await import('./src/resilience/policies.mjs'); console.log(await payments.execute(async () => 'ok'));"], { cwd: dir, encoding: 'utf8' });
      assert.equal(probe.stderr, '');
      assert.equal(probe.stdout, 'ok\n');
    });

    it('a CommonJS package with extensionless requires: the .mjs policy module is required with its extension, and Node runs the fixed code', () => {
      const dir = tempDir();
      writeFiles(dir, {
        'package.json': '{ "name": "shop" }\n',
        'src/format.js': 'exports.format = (body) => JSON.stringify(body);\n',
        'src/pay.js': "const { format } = require('./format');\n\nasync function charge(body) {\n  return fetch('https://payments.example.com/v1/charges', { method: 'POST', body: format(body) });\n}\n\nmodule.exports = { charge };\n",
      });
      commitAll(dir);
      const run = runCli(['fix', '--write', '--runtime', 'vendor'], dir);
      assert.equal(run.status, 0, run.stderr);
      // The file's own style (no extension) for everything else, but Node's require never tries .mjs.
      assert.match(read(dir, 'src/pay.js'), /^const \{ payments \} = require\('\.\/resilience\/policies\.mjs'\);$/m);
      assert.match(read(dir, 'src/resilience/policies.mjs'), /^import \{ policy \} from '\.\/breakwater-runtime\.mjs';$/m);
      // The fixed file runs: charge() goes through the vendored runtime's policy to fetch (a stand-in
      // that records what it was given), with the policy's signal.
      const probe = spawnSync(
        process.execPath,
        [
          '-e',
          "globalThis.fetch = async (url, init) => ({ url, method: init.method, body: init.body, signal: init.signal instanceof AbortSignal && !init.signal.aborted });\n" +
            "require('./src/pay.js').charge({ amount: 5 }).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exitCode = 1; });",
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(probe.stderr, '');
      assert.deepEqual(JSON.parse(probe.stdout), { url: 'https://payments.example.com/v1/charges', method: 'POST', body: '{"amount":5}', signal: true });
    });

    it('a TypeScript project with bundler resolution gets extensionless imports, and still type-checks', () => {
      const dir = tempDir();
      writeFiles(dir, {
        'package.json': '{ "name": "shop", "type": "module" }\n',
        'tsconfig.json': '{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", "strict": true, "noEmit": true, "lib": ["es2022", "dom"], "types": [] } }\n',
        'src/pay.ts': "export async function charge(body: string): Promise<Response> {\n  return fetch('https://payments.example.com/v1/charges', { method: 'POST', body });\n}\n",
      });
      const run = runCli(['fix', '--write', '--runtime', 'vendor'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(read(dir, 'src/pay.ts'), /^import \{ payments \} from '\.\/resilience\/policies';$/m);
      assert.match(read(dir, 'src/resilience/policies.ts'), /^import \{ policy \} from '\.\/breakwater-runtime';$/m);
      const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      assert.equal(tsc.stdout + tsc.stderr, '');
      assert.equal(tsc.status, 0);
    });
  });
});
