// With typed linting (parserOptions.projectService), the rules also find calls through client
// instances whose type is only inferred: `const api = makeClient()` where makeClient, in another
// module, returns `axios.create(...)`. Without type information those calls are invisible (the
// analysis is per file) — and the same files lint clean. Real ESLint on a fixture project.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import breakwater from 'eslint-plugin-breakwater';

const projectDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/typed-project');

async function findings(typed: boolean): Promise<string[]> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tsParser as Linter.Parser,
        parserOptions: typed ? { projectService: true, tsconfigRootDir: projectDir } : {},
      },
    },
    { ...(breakwater.configs.strict as Linter.Config), files: ['**/*.ts'] },
  ];
  const eslint = new ESLint({ cwd: projectDir, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(['src/users.ts']);
  return results.flatMap((r) => r.messages.map((m) => `${m.line} ${m.ruleId ?? m.message}${m.ruleId === 'breakwater/require-circuit-breaker' ? ` ${m.message.split(' calls ')[0]}` : ''}`));
}

describe('typed linting: client instances known only by their inferred type', function () {
  this.timeout(120_000);

  it('without type information, calls through makeClient()/makeGot() results are not seen', async () => {
    assert.deepEqual(await findings(false), []);
  });

  it('with parserOptions.projectService, they are instances of axios and got made elsewhere', async () => {
    assert.deepEqual(await findings(true), [
      '7 breakwater/require-circuit-breaker api.get (axios instance)',
      // The retried POST: no key, no jitter (with its autofix), retries every error, no breaker.
      '13 breakwater/no-unsafe-retry',
      '13 breakwater/require-circuit-breaker api.post (axios instance)',
      '14 breakwater/retry-transient-only',
      '15 breakwater/require-backoff-jitter',
      '21 breakwater/require-circuit-breaker catalog.get (got instance)',
      // An optional-typed parameter defaulting to an instance held in an object.
      '23 breakwater/require-circuit-breaker c.delete (axios instance)',
      // Not the project's Client class, not Map#get. Timeouts: set where the instances are made, so
      // unknown here, which require-timeout does not report by default.
    ]);
  });
});
