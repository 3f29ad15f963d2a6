// Type safety of `breakwater fix`: a fixture project (strict, nodenext, the real axios, got, undici,
// node-fetch, superagent, ofetch, ky resolved from the repository's node_modules) is copied into the
// repository's tmp/ (so module resolution walks up to node_modules), type-checked with the real
// TypeScript compiler, fixed with every transform, and type-checked again: the diagnostics must be
// the same, for `--runtime package` and `--runtime vendor` alike.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ALL_TRANSFORMS, createFixSession, type ChangeNote, type FixOptions } from '@breakwater/codemods/transforms';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/project/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** `file:line:col TS1234 message` for every diagnostic of the project, paths relative to it. */
function typecheck(project: string): string[] {
  const configPath = join(project, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, project);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${relative(project, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '-';
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** Fixes every file of the project in place, like `breakwater fix --write` with all transforms. */
function fixProject(project: string, runtime: FixOptions['runtime'], transforms: FixOptions['transforms'] = ALL_TRANSFORMS): ChangeNote[] {
  const session = createFixSession({
    transforms,
    timeoutMs: 5000,
    runtime,
    policyModulePath: join(project, 'src/resilience/policies.ts'),
    vendorPath: join(project, 'src/vendor/breakwater-runtime.ts'),
  });
  const notes: ChangeNote[] = [];
  for (const file of sourceFiles(join(project, 'src'))) {
    const result = session.fixFile(file, readFileSync(file, 'utf8'));
    if (!result.ok) assert.fail(`${relative(project, file)}: ${result.error}`);
    writeFileSync(file, result.text);
    notes.push(...result.changes);
  }
  for (const extra of session.extraFiles((p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined))) {
    mkdirSync(dirname(extra.path), { recursive: true });
    writeFileSync(extra.path, extra.text);
  }
  return notes;
}

describe('codemods transforms: the fixed project type-checks exactly as before', function () {
  this.timeout(180_000);
  let root: string;

  before(() => {
    mkdirSync(join(REPO, 'tmp'), { recursive: true });
    root = mkdtempSync(join(REPO, 'tmp', 'codemods-typecheck-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const runtime of ['package', 'vendor'] as const) {
    it(`--runtime ${runtime}`, () => {
      const project = join(root, runtime);
      cpSync(FIXTURE, project, { recursive: true });
      const before = typecheck(project);
      assert.deepEqual(before, ["src/broken.ts:2 TS2322 Type 'string' is not assignable to type 'number'."], 'the fixture project should start with its one deliberate error');

      const notes = fixProject(project, runtime);
      const changed = notes.filter((n) => !n.skipped);
      // Not a vacuous pass: every transform did real work on the project.
      for (const t of ALL_TRANSFORMS) assert.ok(changed.some((n) => n.transform === t), `${t} changed nothing:\n${notes.map((n) => `${n.transform} ${n.line} ${n.message}`).join('\n')}`);
      assert.ok(existsSync(join(project, 'src/resilience/policies.ts')), 'the policy module was written');
      assert.equal(existsSync(join(project, 'src/vendor/breakwater-runtime.ts')), runtime === 'vendor');

      assert.deepEqual(typecheck(project), before);

      // And a second run changes nothing.
      const snapshot = sourceFiles(project).map((f) => [f, readFileSync(f, 'utf8')]);
      const again = fixProject(project, runtime);
      assert.deepEqual(again.filter((n) => !n.skipped), []);
      for (const [f, text] of snapshot) assert.equal(readFileSync(f!, 'utf8'), text, `${f} changed on the second run`);
    });
  }

  // Alone, add-timeout's own edits stay in the output (with every transform, a call wrap-policy
  // routes through a policy may need none): undici's timers, a signal joined with a caller's.
  it('add-timeout alone', () => {
    const project = join(root, 'add-timeout');
    cpSync(FIXTURE, project, { recursive: true });
    const before = typecheck(project);
    const notes = fixProject(project, 'package', ['add-timeout']);
    const changed = notes.filter((n) => !n.skipped).map((n) => n.message);
    for (const edit of [/added bodyTimeout: 5000/, /headersTimeout 60000 → 5000, bodyTimeout 0 \(off\) → 5000/, /signal combined with AbortSignal\.timeout/]) {
      assert.ok(changed.some((m) => edit.test(m)), `no change note matches ${edit}:\n${changed.join('\n')}`);
    }
    assert.deepEqual(typecheck(project), before);
  });
});
