// After `fix --write --transform add-timeout` (the engine, as the CLI runs it) over every input of
// the add-timeout fixtures, `scan` with the same limit finds every call bounded and no
// require-timeout finding, except for the calls the fix reported as left alone (at most one each);
// with the default limit (30 s) and with a tighter one (10 s), which makes timeouts the fixtures
// accept too long (undici's `headersTimeout: 20000` is then lowered along with the other timer).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fix, scan } from '@breakwater/codemods';
import { FIXTURES, removeTempDirs, tempDir, writeFiles } from './cli-helpers.js';

const ADD_TIMEOUT = path.join(FIXTURES, '..', 'fixtures', 'add-timeout');

function inputs(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(ADD_TIMEOUT)) {
    const match = /^(.*)\.input\.([cm]?[jt]sx?)$/.exec(name);
    if (match) files[`src/${match[1]}.${match[2]}`] = fs.readFileSync(path.join(ADD_TIMEOUT, name), 'utf8');
  }
  return files;
}

describe('fix --transform add-timeout, then scan: nothing left to bound but what the fix left alone', function () {
  this.timeout(300_000);
  afterEach(removeTempDirs);

  for (const maxMs of [undefined, 10_000]) {
    it(`--max-ms ${maxMs ?? 'default'}`, async () => {
      const files = inputs();
      assert.ok(Object.keys(files).some((f) => f.includes('undici-timers')), 'the undici cases are there');
      const root = tempDir();
      writeFiles(root, { 'package.json': '{ "type": "module" }', ...files });
      const limit = maxMs === undefined ? {} : { maxMs };

      const before = await scan(['src'], { cwd: root, jobs: 1, preset: 'strict', ...limit });
      const undiciFiles = Object.keys(files).filter((f) => f.includes('undici'));
      const reported = new Set(before.findings.filter((f) => f.ruleId === 'breakwater/require-timeout').map((f) => f.file));
      assert.deepEqual(undiciFiles.filter((f) => !reported.has(f)), [], 'every undici case starts with a require-timeout finding');
      const fixed = await fix(['src'], { cwd: root, write: true, transforms: ['add-timeout'], ...limit });
      assert.equal(fixed.written, true);
      assert.deepEqual(fixed.skipped, []);
      const after = await scan(['src'], { cwd: root, jobs: 1, preset: 'strict', ...limit });
      assert.deepEqual(after.fileErrors, []);
      assert.equal(after.calls.length, before.calls.length, 'the fix neither hides nor adds calls');

      const leftAlone = new Map<string, number>();
      for (const l of fixed.leftAlone) leftAlone.set(l.file, (leftAlone.get(l.file) ?? 0) + 1);
      const unbounded = new Map<string, string[]>();
      const note = (file: string, what: string) => unbounded.set(file, [...(unbounded.get(file) ?? []), what]);
      for (const c of after.calls) if (c.timeout.status !== 'bounded') note(c.file, `${c.line}: ${c.label} ${c.timeout.status}`);
      for (const f of after.findings) if (f.ruleId === 'breakwater/require-timeout') note(f.file, `${f.line}: ${f.message}`);
      const unexplained = [...unbounded].filter(([file, what]) => {
        const calls = new Set(what.map((w) => w.split(':')[0]));
        return calls.size > (leftAlone.get(file) ?? 0);
      });
      assert.deepEqual(unexplained, [], 'calls still unbounded beyond those the fix left alone');
    });
  }
});
