// Over every input case of the transforms' own fixtures (test/codemods/fixtures/<transform>/*.input.*,
// gathered into one project): `fix --write` through the engine, with the real transforms, leaves
// every file parsable and processed, and a second run changes nothing at all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fix, scan } from '@breakwater/codemods';
import { FIXTURES, removeTempDirs, tempDir, writeFiles } from './cli-helpers.js';

const TRANSFORM_FIXTURES = path.join(FIXTURES, '..', 'fixtures');

/** Every `<transform>/<case>.input.<ext>` as `src/<transform>/<case>.<ext>`. */
function gatherInputs(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const transform of fs.readdirSync(TRANSFORM_FIXTURES)) {
    const dir = path.join(TRANSFORM_FIXTURES, transform);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir)) {
      const match = /^(.*)\.input\.([cm]?[jt]sx?)$/.exec(name);
      if (match) files[`src/${transform}/${match[1]}.${match[2]}`] = fs.readFileSync(path.join(dir, name), 'utf8');
    }
  }
  return files;
}

describe('fix engine over the transforms fixtures', function () {
  this.timeout(300_000);
  afterEach(removeTempDirs);

  for (const runtime of ['package', 'vendor'] as const) {
    it(`--runtime ${runtime}: a second fix --write changes nothing`, async () => {
      const inputs = gatherInputs();
      assert.ok(Object.keys(inputs).length >= 20, 'the fixtures are there');
      const root = tempDir();
      writeFiles(root, { 'package.json': '{ "type": "module" }', ...inputs });

      const first = await fix(['src'], { cwd: root, write: true, runtime });
      assert.equal(first.written, true);
      assert.deepEqual(first.skipped, [], 'every case parses and every transform succeeds');
      assert.ok(first.changes.length > Object.keys(inputs).length / 2, `most cases change (${first.changes.length})`);
      assert.ok(first.changes.some((c) => c.role === 'policy-module'));
      if (runtime === 'vendor') assert.ok(first.changes.some((c) => c.role === 'vendored-runtime'));

      const second = await fix(['src'], { cwd: root, write: true, runtime });
      assert.deepEqual(
        second.changes.map((c) => `${c.file}\n${c.diff}`),
        [],
        'nothing left to change on the second run',
      );
      assert.deepEqual(second.skipped, []);

      // And what was written still parses for the analysis, file by file.
      const after = await scan(['src'], { cwd: root, jobs: 1 });
      assert.deepEqual(after.fileErrors, []);
    });
  }
});
