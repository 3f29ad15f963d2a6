// After a fix, the plugin's rules (run through ESLint's Linter, as users run them) report nothing
// for what was fixed: on every fixture pair, the output has no finding of the rules the transform
// answers, except on lines the transform left untouched (the calls it reported as skipped); and on
// the fixture project fixed with every transform, no call is left without a timeout or retried
// unsafely, and no hand-rolled retry loop is left.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_TRANSFORMS, createFixSession, type TransformName } from '@breakwater/codemods/transforms';
import { fixtureOptions, lint, PROJECT } from './transforms.support.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The rules whose findings each transform resolves. */
const RULES: Record<TransformName, string[]> = {
  'add-timeout': ['require-timeout'],
  'wrap-policy': ['require-timeout', 'require-circuit-breaker'],
  'idempotency-key': ['no-unsafe-retry'],
  'replace-retry-loop': ['require-backoff-jitter', 'retry-transient-only', 'no-unsafe-retry'],
};

describe('codemods transforms: the rules report nothing for what was fixed', () => {
  for (const transform of ALL_TRANSFORMS) {
    describe(transform, () => {
      const cases = readdirSync(`${FIXTURES}${transform}`).filter((f) => /\.input\.ts$/.test(f));
      for (const file of cases) {
        const caseName = file.replace(/\.input\.ts$/, '');
        it(caseName, () => {
          const input = readFileSync(`${FIXTURES}${transform}/${file}`, 'utf8');
          const result = createFixSession(fixtureOptions([transform], caseName.startsWith('vendor-') ? { runtime: 'vendor' } : {})).fixFile(`${PROJECT}/src/${caseName}.ts`, input);
          const filename = `src/${caseName}.ts`;
          if (!result.ok) return assert.fail(result.error);
          const before = lint(input, filename, RULES[transform]);
          const after = lint(result.text, filename, RULES[transform]);
          const inputLines = new Set(input.split('\n'));
          const outputLines = result.text.split('\n');
          const onTouchedLines = after.filter((m) => !inputLines.has(outputLines[m.line - 1]!));
          assert.deepEqual(
            onTouchedLines.map((m) => `${m.line}: ${m.ruleId}: ${m.message}`),
            [],
            'findings remain on lines the transform changed',
          );
          const skipped = result.changes.filter((c) => c.skipped);
          if (skipped.length === 0) assert.deepEqual(after.map((m) => `${m.line}: ${m.ruleId}: ${m.message}`), []);
          assert.ok(after.length <= before.length, 'the fix must not add findings');
          if (result.text !== input && !caseName.startsWith('left-alone')) assert.ok(before.length > 0 || transform === 'wrap-policy', 'the fixed input should have had findings');
        });
      }
    });
  }
});

describe('codemods transforms: every transform together (fixtures/combined)', () => {
  const dir = `${FIXTURES}combined/`;
  const rules = ['require-timeout', 'require-circuit-breaker', 'no-unsafe-retry', 'require-backoff-jitter', 'retry-transient-only'];
  for (const file of readdirSync(dir).filter((f) => /\.input\.ts$/.test(f) && !f.includes('.policies.'))) {
    const caseName = file.replace(/\.input\.ts$/, '');
    it(caseName, () => {
      const input = readFileSync(`${dir}${file}`, 'utf8');
      const result = createFixSession(fixtureOptions(ALL_TRANSFORMS)).fixFile(`${PROJECT}/src/${caseName}.ts`, input);
      if (!result.ok) return assert.fail(result.error);
      const filename = `src/${caseName}.ts`;
      assert.ok(lint(input, filename, rules).length > 0, 'the input should have findings');
      // A loop whose requests go to several services becomes a bare retry (the note says to wrap them by hand).
      const bare = result.changes.some((c) => /not routed through a service policy/.test(c.message));
      const after = lint(result.text, filename, rules).filter((m) => !(bare && m.ruleId === 'breakwater/require-circuit-breaker'));
      assert.deepEqual(after.map((m) => `${m.line}: ${m.ruleId}: ${m.message}`), []);
    });
  }
});

describe('codemods transforms: the fixture project after every transform', () => {
  const project = fileURLToPath(new URL('./fixtures/project/', import.meta.url));
  const files = readdirSync(join(project, 'src'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));

  it('leaves no call without a timeout, no unsafe retry and no hand-rolled retry loop', () => {
    const session = createFixSession(fixtureOptions(ALL_TRANSFORMS, { policyModulePath: join(project, 'src/resilience/policies.ts'), vendorPath: join(project, 'src/vendor/breakwater-runtime.ts') }));
    let before = 0;
    const after: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const result = session.fixFile(file, text);
      if (!result.ok) return assert.fail(result.error);
      const name = relative(process.cwd(), file);
      before += lint(text, name, ['require-timeout', 'no-unsafe-retry']).length;
      for (const m of lint(result.text, name, ['require-timeout', 'no-unsafe-retry', 'require-backoff-jitter', 'retry-transient-only'])) {
        after.push(`${relative(project, file)}:${m.line} ${m.ruleId}: ${m.message}`);
      }
    }
    assert.ok(before >= 15, `the project should start with many findings, had ${before}`);
    // p-retry is a library retry the transforms do not replace; everything else is fixed.
    const remaining = after.filter((m) => !(m.includes('src/clients/payments.ts') && /p-retry/i.test(m) && /(backoff-jitter|transient-only)/.test(m)));
    assert.deepEqual(remaining, []);
  });
});
