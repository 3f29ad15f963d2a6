// Runs every fixture pair test/codemods/fixtures/<transform>/<case>.input.ts → <case>.output.ts
// through the transform named by its folder, then runs the output again and expects no change
// (idempotency). The outputs are written by hand as the right answer, never generated.
// fixtures/combined/ runs every transform together (the CLI's default), with the policy module the
// case starts from (<case>.policies.input.ts, else none) and the module it must end with
// (<case>.policies.output.ts, else none written).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

describe('codemods transforms: fixture pairs, every transform together', () => {
  const dir = `${FIXTURES}combined/`;
  const read = (name: string) => (existsSync(`${dir}${name}`) ? readFileSync(`${dir}${name}`, 'utf8') : undefined);
  const cases = readdirSync(dir).filter((f) => /\.input\.ts$/.test(f) && !f.includes('.policies.'));
  it('has fixtures', () => assert.ok(cases.length > 0));
  for (const file of cases) {
    const caseName = file.replace(/\.input\.ts$/, '');
    it(caseName, () => {
      const module = `${PROJECT}/src/resilience/policies.ts`;
      const run = (text: string, moduleText: string | undefined) => {
        const readFile = (path: string) => (path === module ? moduleText : undefined);
        const session = createFixSession(fixtureOptions(ALL_TRANSFORMS, { readFile }));
        const result = session.fixFile(`${PROJECT}/src/${caseName}.ts`, text);
        if (!result.ok) return assert.fail(`fixFile failed: ${result.error}`);
        const written = session.extraFiles(readFile).find((f) => f.path === module)?.text;
        return { ...result, module: written };
      };
      const existing = read(`${caseName}.policies.input.ts`);
      const first = run(read(file)!, existing);
      assert.equal(first.text, read(`${caseName}.output.ts`));
      const expectedModule = read(`${caseName}.policies.output.ts`);
      assert.equal(first.module ?? existing, expectedModule, 'the policy module');
      const second = run(first.text, first.module ?? existing);
      assert.equal(second.text, first.text, 'a second run must change nothing');
      assert.equal(second.module, undefined, 'a second run must not change the policy module');
      assert.deepEqual(second.changes.filter((c) => !c.skipped), []);
    });
  }
});
