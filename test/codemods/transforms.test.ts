// Runs every fixture pair test/codemods/fixtures/<transform>/<case>.input.ts → <case>.output.ts
// through the transform named by its folder, then runs the output again and expects no change
// (idempotency). The outputs are written by hand as the right answer, never generated.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_TRANSFORMS, createFixSession, type TransformName } from '@breakwater/codemods/transforms';
import { fixtureOptions, PROJECT } from './transforms.support.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

function fix(transform: TransformName, caseName: string, ext: string, text: string) {
  // A case named vendor-… is fixed with the vendored runtime.
  const options = fixtureOptions([transform], caseName.startsWith('vendor-') ? { runtime: 'vendor' } : {});
  const result = createFixSession(options).fixFile(`${PROJECT}/src/${caseName}${ext}`, text);
  if (!result.ok) assert.fail(`fixFile failed: ${result.error}`);
  return result;
}

describe('codemods transforms: fixture pairs', () => {
  for (const transform of ALL_TRANSFORMS) {
    describe(transform, () => {
      let files: string[] = [];
      try {
        files = readdirSync(`${FIXTURES}${transform}`);
      } catch {
        files = [];
      }
      const cases = files.filter((f) => /\.input\.[cm]?[jt]sx?$/.test(f));
      it('has fixtures', () => assert.ok(cases.length > 0, `no fixtures in fixtures/${transform}`));
      for (const file of cases) {
        const [, caseName, ext] = /^(.*)\.input(\.[cm]?[jt]sx?)$/.exec(file)!;
        it(caseName!, () => {
          const input = readFileSync(`${FIXTURES}${transform}/${file}`, 'utf8');
          const expected = readFileSync(`${FIXTURES}${transform}/${caseName}.output${ext}`, 'utf8');
          const first = fix(transform, caseName!, ext!, input);
          assert.equal(first.text, expected);
          if (input !== expected) assert.ok(first.changes.some((c) => !c.skipped), 'a change was made, so a change note should say so');
          const second = fix(transform, caseName!, ext!, first.text);
          assert.equal(second.text, first.text, 'a second run must change nothing');
          assert.deepEqual(second.changes.filter((c) => !c.skipped), [], 'a second run must report no changes');
        });
        it(`${caseName} (CRLF line endings)`, () => {
          const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
          const input = crlf(readFileSync(`${FIXTURES}${transform}/${file}`, 'utf8'));
          const expected = crlf(readFileSync(`${FIXTURES}${transform}/${caseName}.output${ext}`, 'utf8'));
          const first = fix(transform, caseName!, ext!, input);
          assert.equal(first.text, expected);
          assert.equal(fix(transform, caseName!, ext!, first.text).text, first.text);
        });
      }
    });
  }
});
