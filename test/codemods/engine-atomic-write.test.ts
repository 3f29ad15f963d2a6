// writeFileAtomic: a failure at the last moment (after the temporary file is complete, before the
// rename) leaves the original byte-identical and no temporary file; success keeps mode and content.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '@breakwater/codemods';
import { removeTempDirs, tempDir } from './cli-helpers.js';

describe('writeFileAtomic', () => {
  afterEach(removeTempDirs);

  it('replaces the content in one rename, through a complete temporary file in the same folder', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.ts');
    fs.writeFileSync(file, 'old\n');
    let tempSeen = '';
    writeFileAtomic(file, 'new content\n', {
      beforeRename: (temp) => {
        tempSeen = temp;
        assert.equal(path.dirname(temp), dir, 'same folder, so the rename cannot cross file systems');
        assert.equal(fs.readFileSync(temp, 'utf8'), 'new content\n', 'complete before it replaces the original');
        assert.equal(fs.readFileSync(file, 'utf8'), 'old\n', 'the original is intact until the rename');
      },
    });
    assert.notEqual(tempSeen, '');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new content\n');
    assert.deepEqual(fs.readdirSync(dir), ['a.ts']);
  });

  it('leaves the original byte-identical and removes the temporary file when the write fails', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.ts');
    const original = Buffer.from('keep me \u00e9\r\n', 'utf8');
    fs.writeFileSync(file, original);
    assert.throws(
      () =>
        writeFileAtomic(file, 'half', {
          beforeRename: () => {
            throw new Error('ENOSPC: simulated crash');
          },
        }),
      /simulated crash/,
    );
    assert.deepEqual(fs.readFileSync(file), original);
    assert.deepEqual(fs.readdirSync(dir), ['a.ts']);
  });

  it('creates a new file, with its folders', () => {
    const dir = tempDir();
    const file = path.join(dir, 'src', 'resilience', 'policies.ts');
    writeFileAtomic(file, 'export {};\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'export {};\n');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['policies.ts']);
  });

  it('keeps the mode of the file it replaces', () => {
    const dir = tempDir();
    const file = path.join(dir, 'run.mjs');
    fs.writeFileSync(file, '#!/usr/bin/env node\n');
    fs.chmodSync(file, 0o751);
    writeFileAtomic(file, '#!/usr/bin/env node\n// changed\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o751);
  });
});
