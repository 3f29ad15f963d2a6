import assert from 'node:assert/strict';
import path from 'node:path';
import { coverageOf, referencesBreakwater, stripComments, type ConfigFile } from '../../extension/src/eslint-config-detection.js';

const root = path.resolve('/ws');
/** A workspace's config files, by directory. */
const configs = (files: Record<string, string>) => (dir: string): ConfigFile | undefined => {
  const hit = Object.entries(files).find(([p]) => path.dirname(path.join(root, p)) === dir);
  return hit ? { path: path.join(root, hit[0]), text: hit[1] } : undefined;
};

const USES_PLUGIN = `import breakwater from 'eslint-plugin-breakwater';\nexport default [breakwater.configs.recommended];\n`;
const OTHER = `import js from '@eslint/js';\nexport default [js.configs.recommended];\n`;

describe('auto mode: does the workspace ESLint already check a file with eslint-plugin-breakwater?', () => {
  it('recognises import, require and a subpath of the plugin', () => {
    assert.equal(referencesBreakwater(USES_PLUGIN), true);
    assert.equal(referencesBreakwater(`const breakwater = require("eslint-plugin-breakwater");`), true);
    assert.equal(referencesBreakwater('const { rules } = await import(`eslint-plugin-breakwater/analysis`);'), true);
  });

  it('does not count a commented-out import, a look-alike package or a bare word', () => {
    assert.equal(referencesBreakwater(`// import breakwater from 'eslint-plugin-breakwater';\n${OTHER}`), false);
    assert.equal(referencesBreakwater(`/* 'eslint-plugin-breakwater' */ ${OTHER}`), false);
    assert.equal(referencesBreakwater(`import b from 'eslint-plugin-breakwater-extra';`), false);
    assert.equal(referencesBreakwater(`// we should add eslint-plugin-breakwater some day`), false);
  });

  it('keeps strings that contain comment markers', () => {
    assert.equal(stripComments(`const url = 'http://x'; // c`), `const url = 'http://x'; `);
  });

  it('covers a file under a config that uses the plugin', () => {
    assert.deepEqual(coverageOf(path.join(root, 'src/a.ts'), root, configs({ 'eslint.config.js': USES_PLUGIN })), { config: path.join(root, 'eslint.config.js'), covered: true });
  });

  it('does not cover a file whose config does not use the plugin', () => {
    assert.deepEqual(coverageOf(path.join(root, 'src/a.ts'), root, configs({ 'eslint.config.mjs': OTHER })), { config: path.join(root, 'eslint.config.mjs'), covered: false });
  });

  it('uses the nearest config from the file upwards (ESLint 10 lookup)', () => {
    const files = { 'eslint.config.js': USES_PLUGIN, 'packages/legacy/eslint.config.js': OTHER };
    assert.equal(coverageOf(path.join(root, 'packages/legacy/src/a.ts'), root, configs(files)).covered, false);
    assert.equal(coverageOf(path.join(root, 'packages/api/src/a.ts'), root, configs(files)).covered, true);
  });

  it('is not covered without any config, nor for a file outside the workspace folder', () => {
    assert.deepEqual(coverageOf(path.join(root, 'src/a.ts'), root, configs({})), { covered: false });
    assert.deepEqual(coverageOf(path.resolve('/elsewhere/a.ts'), root, configs({ 'eslint.config.js': USES_PLUGIN })), { covered: false });
  });

  it('never looks above the workspace folder', () => {
    const seen: string[] = [];
    coverageOf(path.join(root, 'src/deep/a.ts'), root, (dir) => (seen.push(dir), undefined));
    assert.deepEqual(seen, [path.join(root, 'src/deep'), path.join(root, 'src'), root]);
  });
});
