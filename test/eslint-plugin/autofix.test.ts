// `eslint --fix` (and the editor's source.fixAll.breakwater, which applies the same fixes) changes
// exactly one thing: the wait of a hand-rolled exponential backoff without jitter, multiplied by
// (0.5 + Math.random()). Real ESLint with the strict preset on a file where every rule reports.
import assert from 'node:assert/strict';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import breakwater from 'eslint-plugin-breakwater';

const before = `import axios from 'axios';
import pRetry from 'p-retry';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function getUser(id: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await fetch(\`http://users.internal/users/\${id}\`, { signal: AbortSignal.timeout(2000) });
    } catch {
      await sleep(100 * 2 ** attempt);
    }
  }
  throw new Error('users unavailable');
}

export async function getOrder(id: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await fetch(\`http://orders.internal/orders/\${id}\`);
    } catch {
      await sleep(1000);
    }
  }
}

export const charge = (body: unknown) => pRetry(() => axios.post('http://payments.internal/charge', body), { retries: 3 });
export const loadAll = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));
`;

function eslint(fix: boolean): ESLint {
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
    { ...(breakwater.configs.strict as Linter.Config), files: ['**/*.ts'] },
  ];
  return new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: config, fix });
}

describe('autofix: what eslint --fix changes', function () {
  this.timeout(30_000);

  it('multiplies only the exponential, jitter-less wait by (0.5 + Math.random()); every other finding stays as it was', async () => {
    const [unfixed] = await eslint(false).lintText(before, { filePath: 'src/service.ts' });
    const rulesBefore = unfixed!.messages.map((m) => m.ruleId).sort();
    // Every rule has something to say about this file.
    assert.deepEqual([...new Set(rulesBefore)], [
      'breakwater/no-unbounded-fanout',
      'breakwater/no-unsafe-retry',
      'breakwater/require-backoff-jitter',
      'breakwater/require-circuit-breaker',
      'breakwater/require-timeout',
      'breakwater/retry-transient-only',
    ]);

    const [fixed] = await eslint(true).lintText(before, { filePath: 'src/service.ts' });
    assert.equal(fixed!.output, before.replace('await sleep(100 * 2 ** attempt);', 'await sleep((100 * 2 ** attempt) * (0.5 + Math.random()));'));
    // The fixed backoff is no longer reported; the fixed interval (jitter would not help it) still is.
    const rulesAfter = fixed!.messages.map((m) => m.ruleId).sort();
    const expectedAfter = [...rulesBefore];
    expectedAfter.splice(expectedAfter.indexOf('breakwater/require-backoff-jitter'), 1);
    assert.deepEqual(rulesAfter, expectedAfter);
    assert.deepEqual(
      fixed!.messages.filter((m) => m.ruleId === 'breakwater/require-backoff-jitter').map((m) => [m.line, m.messageId]),
      [[21, 'fixedDelay'], [26, 'noJitter']], // the fixed interval, and p-retry's options (a suggestion)
    );
  });
});
