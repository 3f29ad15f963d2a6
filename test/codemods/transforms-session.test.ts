// How a session reuses analyses. An editor computes several quick fixes for one finding, each in
// its own session on the same text, and the sessions reuse the analysis of that text: what the
// analysis depends on besides the text — the file's path, the settings — must still decide, and one
// session's fix must not leak into the next. Within a session, a transform is skipped without a
// new analysis when the earlier one shows nothing for it.
import assert from 'node:assert/strict';
import { createFixSession, type FixOptions, type TransformName } from '@breakwater/codemods/transforms';
import { fixtureOptions, PROJECT } from './transforms.support.js';

function fixedResult(transforms: readonly TransformName[], path: string, text: string, overrides: Partial<FixOptions> = {}) {
  const result = createFixSession(fixtureOptions(transforms, overrides)).fixFile(path, text);
  if (!result.ok) return assert.fail(result.error);
  return result;
}

function fixed(transforms: readonly TransformName[], path: string, text: string, overrides: Partial<FixOptions> = {}): string {
  return fixedResult(transforms, path, text, overrides).text;
}

/** The lines of `name(body)`, which sends `body` with `method` to `url` in a hand-written loop of three tries. */
function retryLoop(name: string, url: string, method: string): string[] {
  return [
    `export async function ${name}(body: string) {`,
    '  for (let attempt = 0; attempt < 3; attempt++) {',
    '    try {',
    `      return await fetch('${url}', { method: '${method}', body });`,
    '    } catch (error) {',
    '      if (attempt === 2) throw error;',
    '    }',
    '  }',
    '}',
  ];
}

const TS = `${PROJECT}/src/file.ts`;
const OTHER = "export const unrelated = () => fetch('https://other.example.com/');\n";

describe('codemods transforms: sessions on the same text', () => {
  const declared = "import { call } from '@acme/http';\n\nexport const load = () => call('https://inventory.example.com/items');\n";
  const settings = { clients: [{ from: 'package' as const, package: '@acme/http', name: 'call', kind: 'fetch' as const }] };

  it('the settings decide: a declared client is fixed only in the session that declares it', () => {
    const withSettings = fixed(['add-timeout'], TS, declared, { settings });
    assert.match(withSettings, /call\('https:\/\/inventory\.example\.com\/items', \{ signal: AbortSignal\.timeout\(5000\) \}\)/);
    // The same text right after, without the declaration: `call` is not an HTTP client.
    assert.equal(fixed(['add-timeout'], TS, declared), declared);
    // And with it again.
    assert.equal(fixed(['add-timeout'], TS, declared, { settings }), withSettings);
  });

  it('the path decides: the same text as another file gets that file\'s import of the policy module', () => {
    const text = "export const pay = () => fetch('https://payments.example.com/v1');\n";
    assert.match(fixed(['wrap-policy'], TS, text), /from '\.\/resilience\/policies\.js'/);
    assert.match(fixed(['wrap-policy'], `${PROJECT}/src/deep/er/file.ts`, text), /from '\.\.\/\.\.\/resilience\/policies\.js'/);
  });

  it('the quick fixes of one finding, one session each, give what each gives alone', () => {
    const loop = [...retryLoop('charge', 'https://payments.example.com/v1/charges', 'POST'), ''].join('\n');
    const only: [number, number] = [loop.indexOf('for ('), loop.indexOf('  }\n}') + 3];
    const fixes: Array<readonly TransformName[]> = [['idempotency-key'], ['replace-retry-loop'], ['replace-retry-loop', 'wrap-policy']];
    // Each alone: another text in between, so none starts from an earlier session's analysis.
    const alone = fixes.map((transforms) => {
      fixed(['add-timeout'], TS, OTHER);
      return fixed(transforms, TS, loop, { only });
    });
    for (const [i, text] of alone.entries()) assert.notEqual(text, loop, `${fixes[i]!.join('+')} changed nothing`);
    assert.match(alone[2]!, /payments\.execute\(/, 'the loop routed through its service policy');
    // In a row, as the editor asks for them (and in the other order).
    assert.deepEqual(fixes.map((transforms) => fixed(transforms, TS, loop, { only })), alone);
    assert.deepEqual([...fixes].reverse().map((transforms) => fixed(transforms, TS, loop, { only })), [...alone].reverse());
  });
});

// After an edit, a later transform is skipped without re-analysing when the earlier analysis shows
// nothing for it: what it would still have reported or fixed must not be lost that way.
describe('codemods transforms: a transform skipped on the earlier analysis', () => {
  it('replace-retry-loop + wrap-policy: with the loop in its policy, a call wrap-policy cannot route is still reported', () => {
    const text = [
      "import { request } from 'undici';",
      '',
      ...retryLoop('send', 'https://mail.example.com/send', 'PUT'),
      '',
      'export async function raw(host: string) {',
      '  const { body } = await request(`https://${host}/status`);',
      '  return body.text();',
      '}',
      '',
    ].join('\n');
    const result = fixedResult(['replace-retry-loop', 'wrap-policy'], TS, text);
    assert.match(result.text, /return await mail\.execute\(/);
    assert.deepEqual(
      result.changes.filter((c) => c.transform === 'wrap-policy').map((c) => [c.line, c.skipped, c.message.startsWith('request: no service name')]),
      [[9, true, true]], // line 9 of the text wrap-policy saw: the loop is one statement there
    );
  });

  it('wrap-policy + add-timeout: a wrapped call\'s own timeout over the limit is lowered, whether or not another call needs a timeout', () => {
    const slow = "import axios from 'axios';\n\nexport const slow = () => axios.get('https://inventory.example.com/slower', { timeout: 120000 });\n";
    for (const text of [slow, `${slow}export const other = (url: string) => fetch(url);\n`]) {
      assert.match(fixed(['wrap-policy', 'add-timeout'], TS, text), /inventory\.execute\(\(\{ signal \}\) => axios\.get\('https:\/\/inventory\.example\.com\/slower', \{ timeout: 5000, signal \}\)\)/, text);
    }
  });
});
