// Which files scan and fix read: .gitignore files (nested, negations, the repository root's),
// always-skipped folders, explicit paths, links.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { collectFiles } from '@breakwater/codemods';
import { git, removeTempDirs, tempDir, writeFiles } from './cli-helpers.js';

const rel = (root: string, files: string[]): string[] => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('collectFiles (walking the given paths)', () => {
  afterEach(removeTempDirs);

  it('takes every JS/TS flavour and nothing else', () => {
    const root = tempDir();
    const sources = ['a.ts', 'b.tsx', 'c.mts', 'd.cts', 'e.js', 'f.jsx', 'g.mjs', 'h.cjs'];
    writeFiles(root, Object.fromEntries([...sources, 'notes.md', 'data.json', 'types.d.ts', 'm.d.mts', 'bundle.min.js', 'style.css'].map((f) => [f, '1;'])));
    assert.deepEqual(rel(root, collectFiles(['.'], root).files), sources);
  });

  it('skips node_modules, .git and build output at any depth, but walks such a folder when it is given', () => {
    const root = tempDir();
    writeFiles(root, {
      'src/app.ts': '1;',
      'node_modules/lib/index.js': '1;',
      'packages/web/node_modules/x/index.js': '1;',
      'packages/web/src/page.tsx': '1;',
      'dist/app.js': '1;',
      'packages/web/build/out.js': '1;',
      'coverage/lcov.js': '1;',
      '.next/server.js': '1;',
      '.git/hooks/pre-commit.js': '1;',
    });
    assert.deepEqual(rel(root, collectFiles(['.'], root).files), ['packages/web/src/page.tsx', 'src/app.ts']);
    assert.deepEqual(rel(root, collectFiles(['dist'], root).files), ['dist/app.js']);
  });

  it('respects nested .gitignore files, relative to their own folder, with negation', () => {
    const root = tempDir();
    writeFiles(root, {
      '.gitignore': 'generated/\n*.local.ts\n',
      'src/a.ts': '1;',
      'src/a.local.ts': '1;',
      'src/generated/api.ts': '1;',
      'src/legacy/.gitignore': '*.js\n!keep.js\n/top-only.ts\n',
      'src/legacy/old.js': '1;',
      'src/legacy/keep.js': '1;',
      'src/legacy/top-only.ts': '1;',
      'src/legacy/deeper/top-only.ts': '1;',
      'src/legacy/deeper/new.ts': '1;',
    });
    assert.deepEqual(rel(root, collectFiles(['.'], root).files), ['src/a.ts', 'src/legacy/deeper/new.ts', 'src/legacy/deeper/top-only.ts', 'src/legacy/keep.js']);
  });

  it("applies the repository's .gitignore files above a given subfolder, and .git/info/exclude", () => {
    const root = tempDir();
    git(root, 'init', '-q');
    writeFiles(root, {
      '.gitignore': 'src/gen/\n',
      'src/app.ts': '1;',
      'src/gen/client.ts': '1;',
      'src/scratch.ts': '1;',
    });
    fs.appendFileSync(path.join(root, '.git', 'info', 'exclude'), 'scratch.ts\n');
    assert.deepEqual(rel(root, collectFiles(['src'], root).files), ['src/app.ts']);
    // Run from inside the subfolder: same answer.
    assert.deepEqual(rel(root, collectFiles(['.'], path.join(root, 'src')).files), ['src/app.ts']);
  });

  it('does not let a .gitignore above the repository root leak into it', () => {
    const outer = tempDir();
    writeFiles(outer, { '.gitignore': '*.ts\n', 'repo/src/app.ts': '1;' });
    git(path.join(outer, 'repo'), 'init', '-q');
    assert.deepEqual(rel(outer, collectFiles(['repo'], outer).files), ['repo/src/app.ts']);
  });

  it('takes an explicitly given file even when ignored, reports missing paths and non-source files', () => {
    const root = tempDir();
    writeFiles(root, { '.gitignore': 'ignored.ts\n', 'ignored.ts': '1;', 'readme.md': '#' });
    const result = collectFiles(['ignored.ts', 'nope.ts', 'readme.md'], root);
    assert.deepEqual(rel(root, result.files), ['ignored.ts']);
    assert.deepEqual(result.missing, ['nope.ts']);
    assert.deepEqual(result.notSource, ['readme.md']);
  });

  it('does not follow symbolic links while walking (no loops, no files outside the tree), and lists each file once', () => {
    const root = tempDir();
    const elsewhere = tempDir();
    writeFiles(root, { 'src/a.ts': '1;' });
    writeFiles(elsewhere, { 'outside.ts': '1;' });
    fs.symlinkSync(root, path.join(root, 'src', 'loop'));
    fs.symlinkSync(path.join(elsewhere, 'outside.ts'), path.join(root, 'src', 'link.ts'));
    assert.deepEqual(rel(root, collectFiles(['.', 'src', 'src/a.ts'], root).files), ['src/a.ts']);
  });
});
