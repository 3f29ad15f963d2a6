// `breakwater fix` as a user runs it: the real bin, the real transforms, real files in temp
// folders and a real git repository. Expected edits are read off the fixture by hand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ScanResult } from '@breakwater/codemods';
import { commitAll, copyFixture, git, read, removeTempDirs, runCli, tempDir, writeFiles } from './cli-helpers.js';

/** The service fixture without its unparsable file, committed in a fresh git repository. */
function cleanRepo(): string {
  const dir = copyFixture('service');
  fs.rmSync(path.join(dir, 'src', 'broken.ts'));
  commitAll(dir);
  return dir;
}

/** Every file under `dir` except .git, with its bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) walk(rel);
      else out.set(rel, fs.readFileSync(path.join(dir, rel), 'latin1'));
    }
  };
  walk('');
  return out;
}

const SOURCES = ['src/inventory.ts', 'src/legacy.cjs', 'src/orders.ts', 'src/payments.ts', 'src/ui/widget.tsx', 'src/users.mjs'];

describe('breakwater fix (CLI)', function () {
  this.timeout(120_000);
  afterEach(removeTempDirs);

  describe('dry run', () => {
    it('writes nothing, prints a unified diff that git apply accepts, and it equals what --write does', () => {
      const dir = cleanRepo();
      const before = tree(dir);
      const run = runCli(['fix'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(tree(dir), before, 'a dry run changes no file');
      // a/ b/ paths relative to cwd; the new policy module comes from /dev/null.
      assert.match(run.stdout, /^--- a\/src\/payments\.ts\n\+\+\+ b\/src\/payments\.ts\n@@ /m);
      assert.match(run.stdout, /^--- \/dev\/null\n\+\+\+ b\/src\/resilience\/policies\.ts\n@@ -0,0 \+1,\d+ @@/m);
      const stray = run.stdout.split('\n').filter((line) => line !== '' && !/^(--- |\+\+\+ |@@ |[ +\-\\])/.test(line));
      assert.deepEqual(stray, [], 'the summary goes to stderr, so stdout is a clean patch');
      assert.match(run.stderr, /Dry run: nothing was written\. Re-run with --write to apply\./);

      fs.writeFileSync(path.join(dir, '..', `${path.basename(dir)}.patch`), run.stdout);
      const patch = path.join(dir, '..', `${path.basename(dir)}.patch`);
      const check = spawnSync('git', ['apply', '--check', patch], { cwd: dir, encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      git(dir, 'apply', patch);
      const applied = tree(dir);
      fs.rmSync(patch);

      const other = cleanRepo();
      assert.equal(runCli(['fix', '--write'], other).status, 0);
      assert.deepEqual(tree(other), applied);
    });

    it('prints the edits each transform makes, and a summary per transform', () => {
      const dir = cleanRepo();
      const run = runCli(['fix', '--transform', 'add-timeout', '--timeout-ms', '2500'], dir);
      assert.equal(run.status, 0, run.stderr);
      // One line per hand-picked unbounded call, in the client's own form.
      assert.match(run.stdout, /^\+ {2}return axios\.post\('https:\/\/payments\.example\.com\/v1\/charges', \{ orderId, cents \}, \{ timeout: 2500 \}\);$/m);
      assert.match(run.stdout, /^\+ {2}return fetch\(`https:\/\/inventory\.example\.com\/items\/\$\{sku\}\/reserve`, \{ method: 'POST', signal: AbortSignal\.timeout\(2500\) \}\);$/m);
      assert.match(run.stdout, /^\+.*https\.request\('https:\/\/legacy\.example\.com\/ping', \{ timeout: 1000, signal: AbortSignal\.timeout\(2500\) \}, callback\);$/m);
      // Calls that are already bounded are not touched.
      const edited = run.stdout.split('\n').filter((line) => /^[+-][^+-]/.test(line));
      assert.equal(edited.length, 10, 'five calls, one line removed and one added each');
      assert.deepEqual(edited.filter((line) => /example\.com\/items'|users\.example\.com|\/v1\/refunds/.test(line)), []);
      assert.doesNotMatch(run.stdout, /resilience\/policies/, 'add-timeout alone creates no policy module');
      assert.match(run.stderr, /add-timeout\s+5 changes/);
      assert.doesNotMatch(run.stderr, /wrap-policy/);
    });

    it('takes --transform as a comma list or repeated, and rejects unknown names with exit 2', () => {
      const dir = cleanRepo();
      const repeated = runCli(['fix', '--transform', 'add-timeout', '--transform', 'idempotency-key'], dir);
      const comma = runCli(['fix', '--transform', 'add-timeout,idempotency-key'], dir);
      assert.equal(repeated.stdout, comma.stdout);
      // orders.ts retries a POST in a loop: its key is made once, before the loop.
      assert.match(comma.stderr, /add-timeout\s+5 changes\n\s+idempotency-key\s+1 change\n/);
      assert.match(comma.stdout, /^\+\s+const idempotencyKey = crypto\.randomUUID\(\);\n\s+for \(let attempt = 0; attempt < 3; attempt\+\+\) \{$/m);
      const bad = runCli(['fix', '--transform', 'add-retries'], dir);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /unknown transform "add-retries" \(choose from add-timeout, wrap-policy, idempotency-key, replace-retry-loop\)/);
      assert.equal(runCli(['fix', '--timeout-ms', '5s'], dir).status, 2);
      assert.equal(runCli(['fix', '--runtime', 'cdn'], dir).status, 2);
    });

    it('--format json prints the changes, diffs and skipped files as one object', () => {
      const dir = cleanRepo();
      writeFiles(dir, { 'src/oops.ts': 'export const = 1;\n' });
      const run = runCli(['fix', '--format', 'json'], dir);
      assert.equal(run.status, 3);
      const result = JSON.parse(run.stdout) as {
        changes: Array<{ file: string; role: string; kind: string; diff: string; before?: string }>;
        skipped: Array<{ file: string; kind: string }>;
        written: boolean;
      };
      assert.equal(result.written, false);
      assert.deepEqual(result.changes.map((c) => `${c.file} ${c.role} ${c.kind}`), [
        'src/inventory.ts source modified',
        'src/legacy.cjs source modified',
        'src/orders.ts source modified',
        'src/payments.ts source modified',
        'src/resilience/policies.ts policy-module created',
        'src/ui/widget.tsx source modified',
        'src/users.mjs source modified',
      ]);
      assert.equal(result.changes[0]?.before, undefined, 'no file texts in the JSON, the diffs carry the change');
      assert.deepEqual(result.skipped.map((s) => `${s.file} ${s.kind}`), ['src/oops.ts parse']);
    });
  });

  describe('--write', () => {
    it('applies the fixes; afterwards scan finds no missing timeout, and a second run changes nothing', () => {
      const dir = cleanRepo();
      const first = runCli(['fix', '--write'], dir);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, /7 files read, 7 changed, 0 skipped/);
      for (const file of SOURCES) assert.notEqual(read(dir, file), git(dir, 'show', `HEAD:${file}`), `${file} was fixed`);
      assert.match(read(dir, 'src/resilience/policies.ts'), /export const payments = policy\('payments'/);
      assert.match(read(dir, 'src/payments.ts'), /^import \{ payments \} from '\.\/resilience\/policies\.js';$/m);

      const scan = JSON.parse(runCli(['scan', '--format', 'json', '--preset', 'strict'], dir).stdout) as ScanResult;
      assert.deepEqual(scan.fileErrors, []);
      assert.deepEqual(scan.calls.filter((c) => c.timeout.status !== 'bounded').map((c) => `${c.file}:${c.line}`), []);
      assert.deepEqual(scan.findings.filter((f) => f.ruleId === 'breakwater/require-timeout'), []);

      const after = tree(dir);
      const second = runCli(['fix', '--write'], dir);
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stderr, /0 changed, 0 skipped/);
      assert.deepEqual(tree(dir), after);
      assert.equal(runCli(['fix'], dir).stdout, '', 'and a dry run has nothing to show');
    });

    it('refuses when a file it would change has uncommitted changes, says how to proceed, and writes nothing', () => {
      const dir = cleanRepo();
      fs.appendFileSync(path.join(dir, 'src/payments.ts'), '// work in progress\n');
      const before = tree(dir);
      const run = runCli(['fix', '--write'], dir);
      assert.equal(run.status, 4);
      assert.match(run.stderr, /refusing to write/);
      assert.match(run.stderr, /src\/payments\.ts \(uncommitted changes\)/);
      assert.match(run.stderr, /Commit or stash them first \(git stash --include-untracked\), or re-run with --force/);
      assert.deepEqual(tree(dir), before, 'not one file written, not even the policy module');
    });

    it('refuses for staged changes and for untracked files it would change', () => {
      const staged = cleanRepo();
      fs.appendFileSync(path.join(staged, 'src/users.mjs'), '// staged\n');
      git(staged, 'add', 'src/users.mjs');
      const stagedRun = runCli(['fix', '--write'], staged);
      assert.equal(stagedRun.status, 4);
      assert.match(stagedRun.stderr, /src\/users\.mjs \(uncommitted changes\)/);

      const untracked = cleanRepo();
      writeFiles(untracked, { 'src/new-client.ts': "export const x = () => fetch('https://new.example.com/');\n" });
      const untrackedRun = runCli(['fix', '--write'], untracked);
      assert.equal(untrackedRun.status, 4);
      assert.match(untrackedRun.stderr, /src\/new-client\.ts \(untracked\)/);
      assert.equal(read(untracked, 'src/payments.ts'), git(untracked, 'show', 'HEAD:src/payments.ts'));
    });

    it('does not mind uncommitted changes in files it leaves alone', () => {
      const dir = cleanRepo();
      fs.appendFileSync(path.join(dir, 'src/util/math.ts'), '// unrelated edit\n');
      writeFiles(dir, { 'notes.md': 'scratch\n' });
      const run = runCli(['fix', '--write'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(read(dir, 'src/payments.ts'), /payments\.execute/);
    });

    it('--force writes despite uncommitted changes', () => {
      const dir = cleanRepo();
      fs.appendFileSync(path.join(dir, 'src/payments.ts'), '// work in progress\n');
      const run = runCli(['fix', '--write', '--force'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(read(dir, 'src/payments.ts'), /payments\.execute[\s\S]*\/\/ work in progress\n$/);
    });

    it('writes in a folder that is not a git work tree', () => {
      const dir = copyFixture('service');
      fs.rmSync(path.join(dir, 'src', 'broken.ts'));
      const run = runCli(['fix', '--write'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(read(dir, 'src/ui/widget.tsx'), /inventory\.execute/);
    });

    it('reports a file that does not parse, leaves it as it was, fixes the others, and exits 3', () => {
      const dir = copyFixture('service');
      const broken = read(dir, 'src/broken.ts');
      commitAll(dir);
      const run = runCli(['fix', '--write'], dir);
      assert.equal(run.status, 3);
      assert.match(run.stderr, /Skipped \(left untouched\):\n\s+src\/broken\.ts:1:36\s+parse\s+does not parse: ',' expected\./);
      assert.equal(read(dir, 'src/broken.ts'), broken);
      assert.match(read(dir, 'src/payments.ts'), /payments\.execute/);
    });

    it('writes only inside the given paths, plus the policy module, which the summary calls out', () => {
      const dir = cleanRepo();
      const run = runCli(['fix', 'src/payments.ts', '--write'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort(), [
        ' M src/payments.ts',
        '?? src/resilience/policies.ts',
      ]);
      assert.match(run.stderr, /src\/resilience\/policies\.ts\s+new policy module\s+outside the given paths/);
      assert.match(run.stderr, /Note: outside the paths you gave, fix also writes src\/resilience\/policies\.ts/);
    });

    it('--runtime vendor with a .js --vendor-path writes the runtime and its declaration file, and the fixed JS project runs', () => {
      const dir = tempDir();
      writeFiles(dir, {
        'package.json': '{ "name": "shop", "type": "module" }\n',
        'src/pay.js': "export async function charge(body) {\n  return fetch('https://payments.example.com/v1/charges', { method: 'POST', body });\n}\n",
      });
      commitAll(dir);
      const vendor = 'src/vendor/breakwater-runtime.js';
      // A JavaScript project: the policy module is JavaScript too (src/resilience/policies.js by default).
      const run = runCli(['fix', '--write', '--runtime', 'vendor', '--vendor-path', vendor], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /Skipped/);
      assert.match(run.stderr, /src\/vendor\/breakwater-runtime\.d\.ts\s+new vendored runtime types\n/);
      assert.deepEqual(git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort(), [
        ' M src/pay.js',
        '?? src/resilience/policies.js',
        '?? src/vendor/breakwater-runtime.d.ts',
        '?? src/vendor/breakwater-runtime.js',
      ]);
      assert.match(read(dir, 'src/resilience/policies.js'), /^import \{ policy \} from '\.\.\/vendor\/breakwater-runtime\.js';$/m);
      assert.match(read(dir, 'src/vendor/breakwater-runtime.d.ts'), /^export declare const policy: \(name: string, config\?: PolicyConfig\) => Pipeline;$/m);
      // The vendored bundle is plain JavaScript that Node loads: the fixed code's policy runs work.
      const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "const { payments } = await import('./src/resilience/policies.js'); console.log(await payments.execute(async () => 42));"], { cwd: dir, encoding: 'utf8' });
      assert.equal(probe.stderr, '');
      assert.equal(probe.stdout, '42\n');
      assert.equal(runCli(['fix', '--write', '--runtime', 'vendor', '--vendor-path', vendor], dir).stderr.match(/0 changed, 0 skipped/)?.[0], '0 changed, 0 skipped');
    });

    it('--policy-module and --runtime vendor put the policy module and the runtime file where asked', () => {
      const dir = cleanRepo();
      const run = runCli(['fix', 'src', '--write', '--runtime', 'vendor', '--policy-module', 'lib/policies.ts'], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.match(read(dir, 'src/payments.ts'), /^import \{ payments \} from '\.\.\/lib\/policies\.js';$/m);
      assert.match(read(dir, 'lib/policies.ts'), /^import \{ policy \} from '\.\/breakwater-runtime\.js';$/m);
      assert.ok(fs.statSync(path.join(dir, 'lib/breakwater-runtime.ts')).size > 1000, 'the vendored runtime is written');
      assert.equal(fs.existsSync(path.join(dir, 'src/resilience')), false);
      assert.match(run.stderr, /lib\/breakwater-runtime\.ts\s+new vendored runtime\s+outside the given paths/);
    });
  });
});
