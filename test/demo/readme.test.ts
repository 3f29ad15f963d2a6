// The root README is a newcomer's first page: what it tells them to run must exist, its links must
// lead somewhere, and its copy of the rules table must be the one generated from the rules.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/demo/paths.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const scriptsOf = (packageJson: string) => (JSON.parse(read(packageJson)) as { scripts?: Record<string, string> }).scripts ?? {};

function between(text: string, begin: RegExp, end: RegExp): string {
  const start = begin.exec(text);
  assert.ok(start, `no ${begin} marker`);
  const rest = text.slice(start.index + start[0].length);
  const stop = end.exec(rest);
  assert.ok(stop, `no ${end} marker`);
  return rest.slice(0, stop.index).trim();
}

/** Relative link targets of a markdown file, resolved from its folder (anchors and URLs left out). */
function relativeLinks(file: string): string[] {
  const links = [...read(file).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return links
    .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
    .map((link) => path.join(path.dirname(file), link.split('#')[0]!));
}

describe('README.md', function () {
  it('names only commands that exist', function () {
    const text = read('README.md');
    for (const script of ['demo', 'test']) {
      assert.match(text, new RegExp(`npm (run )?${script}\\b`));
      assert.ok(scriptsOf('package.json')[script], `root package.json has no "${script}" script`);
    }
    assert.match(text, /npm run package -w extension/);
    assert.ok(scriptsOf('extension/package.json').package, 'extension/package.json has no "package" script');
    const bin = (JSON.parse(read('codemods/package.json')) as { bin?: Record<string, string> }).bin ?? {};
    assert.ok(bin.breakwater, 'codemods/package.json declares no `breakwater` bin');
  });

  it('links only to files that exist', function () {
    for (const file of ['README.md', 'examples/pos-system/README.md']) {
      const missing = relativeLinks(file).filter((target) => !existsSync(path.join(REPO_ROOT, target)));
      assert.deepEqual(missing, [], `${file} links to missing files`);
    }
  });

  it("carries eslint-plugin's generated rules table, unchanged", function () {
    const generated = between(read('eslint-plugin/README.md'), /<!-- begin auto-generated rules list -->/, /<!-- end auto-generated rules list -->/);
    const copy = between(read('README.md'), /<!-- begin rules table[^>]*-->/, /<!-- end rules table -->/);
    assert.equal(copy.replaceAll('](eslint-plugin/docs/rules/', '](docs/rules/'), generated);
  });
});
