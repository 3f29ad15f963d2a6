// The fix engine's guarantees that do not depend on what the transforms do: failing or crashing
// transforms, output that no longer parses, files outside the given paths, files changed on disk
// mid-run, and atomic writes. Driven through the public `fix()` with small stand-in transform
// sessions where a failure has to be provoked on purpose; the real transforms are exercised in
// cli-fix.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fix, type FixOptions, type FixSession, type FileFixResult } from '@breakwater/codemods';
import { read, removeTempDirs, tempDir, writeFiles } from './cli-helpers.js';

/** A stand-in transform: rewrites `fetch(` to `guarded(fetch)(` and reports one change per call. */
function markerSession(overrides: Partial<FixSession> = {}, seen: { options?: FixOptions } = {}): (options: FixOptions) => FixSession {
  return (options) => {
    seen.options = options;
    return {
      fixFile(_path: string, text: string): FileFixResult {
        const count = text.split('fetch(').length - 1;
        const changes = Array.from({ length: count }, (_, i) => ({ transform: 'add-timeout' as const, line: i + 1, message: 'marked' }));
        return { ok: true, text: text.replaceAll('fetch(', 'guarded(fetch)('), changes };
      },
      extraFiles: () => [],
      ...overrides,
    };
  };
}

const snapshot = (root: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(root, full)] = fs.readFileSync(full, 'latin1');
    }
  };
  walk(root);
  return out;
};

describe('fix engine', () => {
  afterEach(removeTempDirs);

  it('passes the options through: project root, default policy module and runtime file paths', async () => {
    const root = tempDir();
    writeFiles(root, { 'package.json': '{}', 'src/api/a.ts': 'fetch(1);\n' });
    const seen: { options?: FixOptions } = {};
    const result = await fix(['src/api'], { cwd: root, createSession: markerSession({}, seen), timeoutMs: 1234, runtime: 'vendor' });
    assert.equal(result.projectRoot, root);
    assert.equal(seen.options?.policyModulePath, path.join(root, 'src/resilience/policies.ts'));
    assert.equal(seen.options?.vendorPath, path.join(root, 'src/resilience/breakwater-runtime.ts'));
    assert.equal(seen.options?.timeoutMs, 1234);
    assert.equal(seen.options?.maxMs, 30_000, "require-timeout's default");
    assert.equal(seen.options?.runtime, 'vendor');
    assert.deepEqual(seen.options?.transforms, ['add-timeout', 'wrap-policy', 'idempotency-key', 'replace-retry-loop']);
    // The project root is the nearest package.json above the first path, even from another cwd.
    const fromOutside = await fix([path.join(root, 'src/api/a.ts')], { cwd: tempDir(), createSession: markerSession({}, seen) });
    assert.equal(fromOutside.projectRoot, root);
  });

  it('dry run writes nothing and returns the diff; write applies it', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n', 'b.ts': 'const x = 1;\n' });
    const before = snapshot(root);
    const dry = await fix(['.'], { cwd: root, createSession: markerSession() });
    assert.deepEqual(snapshot(root), before);
    assert.equal(dry.written, false);
    assert.deepEqual(dry.changes.map((c) => c.file), ['a.ts']);
    assert.equal(dry.changes[0]?.diff, '--- a/a.ts\n+++ b/a.ts\n@@ -1,1 +1,1 @@\n-fetch(1);\n+guarded(fetch)(1);\n');
    const wet = await fix(['.'], { cwd: root, createSession: markerSession(), write: true });
    assert.equal(wet.written, true);
    assert.equal(read(root, 'a.ts'), 'guarded(fetch)(1);\n');
    assert.equal(read(root, 'b.ts'), 'const x = 1;\n');
  });

  it('leaves a file byte-identical when its transform fails, reports why, and still writes the others', async () => {
    const root = tempDir();
    writeFiles(root, { 'bad.ts': 'fetch(1); // \u00e9\r\n', 'good.ts': 'fetch(2);\n' });
    const badBytes = fs.readFileSync(path.join(root, 'bad.ts'));
    const badMtime = fs.statSync(path.join(root, 'bad.ts')).mtimeMs;
    const fallible = markerSession();
    const result = await fix(['.'], {
      cwd: root,
      write: true,
      createSession: (options) => {
        const inner = fallible(options);
        return {
          ...inner,
          fixFile: (file, text) => (file.endsWith('bad.ts') ? { ok: false, error: 'cannot place the signal here', line: 1, column: 1 } : inner.fixFile(file, text)),
        };
      },
    });
    assert.deepEqual(fs.readFileSync(path.join(root, 'bad.ts')), badBytes);
    assert.equal(fs.statSync(path.join(root, 'bad.ts')).mtimeMs, badMtime);
    assert.deepEqual(result.skipped, [{ file: 'bad.ts', kind: 'transform', reason: 'cannot place the signal here', line: 1, column: 1 }]);
    assert.equal(read(root, 'good.ts'), 'guarded(fetch)(2);\n');
  });

  it('survives a transform that throws (a bug) and reports it', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n', 'b.ts': 'fetch(2);\n' });
    const result = await fix(['.'], {
      cwd: root,
      write: true,
      createSession: markerSession({
        fixFile: (file, text) => {
          if (file.endsWith('a.ts')) throw new TypeError('boom');
          return { ok: true, text: text.replace('fetch', 'f'), changes: [] };
        },
      }),
    });
    assert.equal(read(root, 'a.ts'), 'fetch(1);\n');
    assert.equal(read(root, 'b.ts'), 'f(2);\n');
    assert.equal(result.skipped[0]?.kind, 'transform');
    assert.match(result.skipped[0]?.reason ?? '', /transform crashed: boom/);
  });

  it('never writes transform output that no longer parses', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n' });
    const result = await fix(['.'], {
      cwd: root,
      write: true,
      createSession: markerSession({ fixFile: () => ({ ok: true, text: 'fetch(1, {;\n', changes: [] }) }),
    });
    assert.equal(read(root, 'a.ts'), 'fetch(1);\n');
    assert.deepEqual(result.changes, []);
    assert.match(result.skipped[0]?.reason ?? '', /produced code that does not parse/);
  });

  it('does not hand unparsable files to the transforms, reports them with position, and processes the rest', async () => {
    const root = tempDir();
    writeFiles(root, { 'broken.tsx': 'export const A = () => <div>;\n', 'ok.ts': 'fetch(1);\n' });
    const given: string[] = [];
    const inner = markerSession();
    const result = await fix(['.'], {
      cwd: root,
      write: true,
      createSession: (options) => {
        const session = inner(options);
        return { ...session, fixFile: (file, text) => (given.push(path.basename(file)), session.fixFile(file, text)) };
      },
    });
    assert.deepEqual(given, ['ok.ts']);
    assert.equal(result.skipped.length, 1);
    assert.equal(result.skipped[0]?.file, 'broken.tsx');
    assert.equal(result.skipped[0]?.kind, 'parse');
    assert.equal(result.skipped[0]?.line, 1);
    assert.match(result.skipped[0]?.reason ?? '', /^does not parse: /);
    assert.equal(read(root, 'ok.ts'), 'guarded(fetch)(1);\n');
  });

  it('writes the policy module even outside the given paths, and says so; refuses any other outside file', async () => {
    const root = tempDir();
    writeFiles(root, { 'package.json': '{}', 'src/api/a.ts': 'fetch(1);\n', 'src/other.ts': 'fetch(2);\n' });
    const escape = path.join(root, 'elsewhere.ts');
    const result = await fix(['src/api'], {
      cwd: root,
      write: true,
      createSession: markerSession({
        extraFiles: () => [
          { path: path.join(root, 'src/resilience/policies.ts'), text: 'export const api = 1;\n' },
          { path: escape, text: 'sneaky\n' },
        ],
      }),
    });
    assert.equal(read(root, 'src/resilience/policies.ts'), 'export const api = 1;\n');
    assert.equal(fs.existsSync(escape), false);
    assert.equal(read(root, 'src/other.ts'), 'fetch(2);\n', 'a file outside the given paths is not touched');
    const policy = result.changes.find((c) => c.role === 'policy-module');
    assert.equal(policy?.kind, 'created');
    assert.equal(policy?.outsideGivenPaths, true);
    assert.equal(policy?.diff.split('\n')[0], '--- /dev/null');
    assert.equal(result.changes.find((c) => c.file === 'src/api/a.ts')?.outsideGivenPaths, false);
    assert.deepEqual(result.skipped.map((s) => [s.file, s.kind]), [['elsewhere.ts', 'outside']]);
  });

  it('writes the declaration file beside a .js or .mjs vendored runtime, and no other file named like one', async () => {
    for (const [vendor, declaration] of [['src/vendor/breakwater-runtime.js', 'src/vendor/breakwater-runtime.d.ts'], ['lib/rt.mjs', 'lib/rt.d.mts']] as const) {
      const root = tempDir();
      writeFiles(root, { 'package.json': '{}', 'src/api/a.js': 'fetch(1);\n' });
      const impostors = [
        vendor.replace(/\.m?js$/, '.d.cts'), // another declaration flavour
        path.posix.join('other', path.posix.basename(declaration)), // same name, other folder
        declaration.replace(/(rt|breakwater-runtime)\.d/, 'types.d'), // same folder, other base name
      ];
      const result = await fix(['src/api'], {
        cwd: root,
        write: true,
        runtime: 'vendor',
        vendorPath: vendor,
        createSession: markerSession({
          extraFiles: () => [vendor, declaration, ...impostors].map((file) => ({ path: path.join(root, file), text: `// ${file}\n` })),
        }),
      });
      assert.equal(read(root, vendor), `// ${vendor}\n`);
      assert.equal(read(root, declaration), `// ${declaration}\n`);
      assert.deepEqual(result.changes.filter((c) => c.role === 'vendored-runtime').map((c) => c.file).sort(), [declaration, vendor].sort());
      assert.deepEqual(result.skipped.map((s) => `${s.file} ${s.kind}`).sort(), impostors.map((file) => `${file} outside`).sort());
      for (const file of impostors) assert.equal(fs.existsSync(path.join(root, file)), false, `${file} is not written`);
    }
    // A .ts runtime carries its own types: a declaration file beside it is not its to write.
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n' });
    const typed = await fix(['a.ts'], {
      cwd: root,
      runtime: 'vendor',
      vendorPath: 'lib/rt.ts',
      createSession: markerSession({ extraFiles: () => ['lib/rt.ts', 'lib/rt.d.ts'].map((file) => ({ path: path.join(root, file), text: '//\n' })) }),
    });
    assert.deepEqual(typed.skipped.map((s) => `${s.file} ${s.kind}`), ['lib/rt.d.ts outside']);
  });

  it('rejects a vendored runtime path that cannot hold an ES module', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n' });
    for (const vendorPath of ['lib/runtime.cjs', 'lib/runtime', 'lib/runtime.d.ts.txt']) {
      await assert.rejects(fix(['.'], { cwd: root, runtime: 'vendor', vendorPath, createSession: markerSession() }), { name: 'UsageError', message: /--vendor-path must end in \.ts, \.mts, \.js, \.mjs/ });
    }
    // Only the vendored runtime is checked: with the package runtime the path is not used.
    await fix(['.'], { cwd: root, runtime: 'package', vendorPath: 'lib/runtime.cjs', createSession: markerSession() });
  });

  it('gives extraFiles the fixed text of a policy module that was also one of the inputs', async () => {
    const root = tempDir();
    writeFiles(root, { 'src/resilience/policies.ts': 'fetch(0);\n', 'package.json': '{}' });
    const policyPath = path.join(root, 'src/resilience/policies.ts');
    let seenText: string | undefined;
    const result = await fix(['src'], {
      cwd: root,
      createSession: markerSession({
        extraFiles: (readFile) => {
          seenText = readFile(policyPath);
          return [{ path: policyPath, text: `${seenText ?? ''}export const extra = 1;\n` }];
        },
      }),
    });
    assert.equal(seenText, 'guarded(fetch)(0);\n');
    const change = result.changes.find((c) => c.role === 'policy-module');
    assert.equal(change?.before, 'fetch(0);\n');
    assert.equal(change?.after, 'guarded(fetch)(0);\nexport const extra = 1;\n');
    assert.equal(result.changes.length, 1);
  });

  it('writes nothing at all when the policy module cannot be built (the fixed files would import it)', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n' });
    const result = await fix(['.'], {
      cwd: root,
      write: true,
      createSession: markerSession({
        extraFiles: () => {
          throw new Error('policy module has a syntax error');
        },
      }),
    });
    assert.equal(read(root, 'a.ts'), 'fetch(1);\n');
    assert.equal(result.written, false);
    assert.equal(result.refused?.reason, 'extra-files-failed');
  });

  it('writes the policy module first, and no source that imports it when it cannot be written', async () => {
    const root = tempDir();
    // The policy module's folder is a file: creating it fails.
    writeFiles(root, { 'blocked': 'a file, not a folder\n', 'wrapped.ts': 'fetch(1);\n', 'timed.ts': 'fetch(2);\n' });
    const policy = path.join(root, 'blocked', 'policies.ts');
    const result = await fix(['.'], {
      cwd: root,
      write: true,
      policyModule: 'blocked/policies.ts',
      createSession: markerSession({
        fixFile: (file, text) => ({
          ok: true,
          text: text.replace('fetch', 'guarded'),
          changes: [{ transform: file.endsWith('wrapped.ts') ? 'wrap-policy' : 'add-timeout', line: 1, message: 'edited' }],
        }),
        extraFiles: () => [{ path: policy, text: 'export const api = 1;\n' }],
      }),
    });
    assert.equal(read(root, 'wrapped.ts'), 'fetch(1);\n', 'it would import a policy module that does not exist');
    assert.equal(read(root, 'timed.ts'), 'guarded(2);\n', 'an add-timeout edit imports nothing');
    assert.deepEqual(result.skipped.map((s) => [s.file, s.kind]), [
      ['blocked/policies.ts', 'write'],
      ['wrapped.ts', 'write'],
    ]);
    assert.match(result.skipped[1]?.reason ?? '', /would import blocked\/policies\.ts, which could not be written/);
  });

  it('does not overwrite a file that changed on disk after it was read', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n', 'b.ts': 'fetch(2);\n' });
    const inner = markerSession();
    const result = await fix(['.'], {
      cwd: root,
      write: true,
      createSession: (options) => {
        const session = inner(options);
        return {
          ...session,
          fixFile: (file, text) => {
            // An editor saves a.ts while fix is busy with it.
            if (file.endsWith('a.ts')) fs.writeFileSync(file, 'fetch(1); // edited\n');
            return session.fixFile(file, text);
          },
        };
      },
    });
    assert.equal(read(root, 'a.ts'), 'fetch(1); // edited\n');
    assert.equal(read(root, 'b.ts'), 'guarded(fetch)(2);\n');
    assert.deepEqual(result.skipped.map((s) => [s.file, s.kind]), [['a.ts', 'changed']]);
  });

  it('keeps the file mode and leaves no temporary files behind', async () => {
    const root = tempDir();
    writeFiles(root, { 'bin/tool.mjs': '#!/usr/bin/env node\nfetch(1);\n', 'lib/x.ts': 'fetch(2);\n' });
    fs.chmodSync(path.join(root, 'bin/tool.mjs'), 0o754);
    fs.chmodSync(path.join(root, 'lib/x.ts'), 0o600);
    await fix(['.'], { cwd: root, write: true, createSession: markerSession() });
    assert.equal(fs.statSync(path.join(root, 'bin/tool.mjs')).mode & 0o777, 0o754);
    assert.equal(fs.statSync(path.join(root, 'lib/x.ts')).mode & 0o777, 0o600);
    assert.equal(read(root, 'bin/tool.mjs'), '#!/usr/bin/env node\nguarded(fetch)(1);\n');
    assert.deepEqual(fs.readdirSync(path.join(root, 'bin')), ['tool.mjs']);
    assert.deepEqual(fs.readdirSync(path.join(root, 'lib')), ['x.ts']);
  });

  it('rejects bad options with a usage error', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.ts': 'fetch(1);\n' });
    await assert.rejects(fix(['.'], { cwd: root, timeoutMs: -5, createSession: markerSession() }), { name: 'UsageError', message: /--timeout-ms/ });
    await assert.rejects(fix(['.'], { cwd: root, maxMs: 0, createSession: markerSession() }), { name: 'UsageError', message: /--max-ms must be a positive whole number/ });
    await assert.rejects(fix(['.'], { cwd: root, timeoutMs: 8000, maxMs: 6000, createSession: markerSession() }), { name: 'UsageError', message: /--timeout-ms \(8000\) is longer than --max-ms \(6000\)/ });
    const seen: { options?: FixOptions } = {};
    await fix(['.'], { cwd: root, timeoutMs: 6000, maxMs: 6000, createSession: markerSession({}, seen) });
    assert.equal(seen.options?.maxMs, 6000, 'passed to the transforms');
    await assert.rejects(fix(['nope'], { cwd: root, createSession: markerSession() }), { name: 'UsageError', message: /no such file or folder: nope/ });
    await assert.rejects(fix(['.'], { cwd: root, transforms: ['add-retries' as never], createSession: markerSession() }), { name: 'UsageError', message: /unknown transform "add-retries"/ });
  });
});
