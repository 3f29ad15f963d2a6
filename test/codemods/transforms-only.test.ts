// FixOptions.only: a quick fix for one finding rewrites exactly the call or retry construct at the
// given range — with the imports and policy-module entries it needs — and nothing else.
import assert from 'node:assert/strict';
import { ALL_TRANSFORMS, createFixSession, type FixOptions, type TransformName } from '@breakwater/codemods/transforms';
import { fixtureOptions, PROJECT } from './transforms.support.js';

const FILE = `${PROJECT}/src/file.ts`;
const MODULE = `${PROJECT}/src/resilience/policies.ts`;

/** The range of the `n`-th occurrence (0-based) of `needle` in `text`. */
function rangeOf(text: string, needle: string, n = 0): [number, number] {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not found`);
  return [at, at + needle.length];
}

function fixOnly(transforms: readonly TransformName[], text: string, only: readonly [number, number], overrides: Partial<FixOptions> = {}) {
  const session = createFixSession(fixtureOptions(transforms, { only, ...overrides }));
  const result = session.fixFile(FILE, text);
  if (!result.ok) return assert.fail(result.error);
  const module = session.extraFiles((p) => overrides.readFile?.(p)).find((f) => f.path === MODULE)?.text;
  return { text: result.text, notes: result.changes, module };
}

describe('codemods transforms: FixOptions.only', () => {
  const adjacent = "export const pay = () => fetch('https://payments.example.com/x');\nexport const order = () => fetch('https://orders.example.com/y');\n";

  it('wrap-policy: two calls on adjacent lines, only the second is wrapped, imported and given an entry', () => {
    const { text, module } = fixOnly(['wrap-policy'], adjacent, rangeOf(adjacent, "fetch('https://orders.example.com/y')"));
    assert.equal(
      text,
      "import { orders } from './resilience/policies.js';\n\nexport const pay = () => fetch('https://payments.example.com/x');\nexport const order = () => orders.execute(({ signal }) => fetch('https://orders.example.com/y', { signal }));\n",
    );
    assert.match(module!, /export const orders = policy\('orders'/);
    assert.doesNotMatch(module!, /export const payments/);
  });

  it('add-timeout: a range inside a call (the underlined `fetch`) selects that call, not its neighbour', () => {
    const { text, notes } = fixOnly(['add-timeout'], adjacent, rangeOf(adjacent, 'fetch', 0));
    assert.equal(
      text,
      "export const pay = () => fetch('https://payments.example.com/x', { signal: AbortSignal.timeout(5000) });\nexport const order = () => fetch('https://orders.example.com/y');\n",
    );
    assert.deepEqual(notes.map((n) => n.line), [1]);
  });

  it('a range that selects nothing changes nothing', () => {
    const { text, module } = fixOnly(ALL_TRANSFORMS, adjacent, [0, 6]); // `export`
    assert.equal(text, adjacent);
    assert.equal(module, undefined);
  });

  const loops = [
    "import axios from 'axios';",
    '',
    'const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));',
    '',
    'export async function first(x: number) {',
    '  for (let i = 0; i < 3; i++) {',
    "    try { return await axios.post('https://pay.example.com/first', { x }); } catch (e) { if (i === 2) throw e; await sleep(100); }",
    '  }',
    '}',
    '',
    'export async function second(x: number) {',
    '  for (let i = 0; i < 4; i++) {',
    "    try { return await axios.get('https://stock.example.com/second', { params: { x } }); } catch (e) { if (i === 3) throw e; await sleep(100); }",
    '  }',
    '}',
    '',
  ].join('\n');
  const secondLoop = (text: string) => rangeOf(text, 'for (let i = 0; i < 4; i++) {', 0).map((v, i) => (i === 0 ? v : text.indexOf('  }\n}', v) + 3)) as [number, number];

  it('replace-retry-loop: two loops in one file, only the second is replaced; the wait helper the first still uses stays', () => {
    const { text } = fixOnly(['replace-retry-loop'], loops, secondLoop(loops));
    const [head, second] = text.split('export async function second');
    assert.equal(head, loops.split('export async function second')[0]!.replace("import axios from 'axios';", "import axios from 'axios';\nimport { retry } from '@breakwater/runtime';"));
    assert.equal(second, "(x: number) {\n  return await retry({ maxAttempts: 4 }).execute(({ signal }) => axios.get('https://stock.example.com/second', { params: { x }, signal }));\n}\n");
  });

  it('idempotency-key: the key goes before the loop asked about, not before the other one', () => {
    const { text } = fixOnly(['idempotency-key'], loops, rangeOf(loops, "axios.post('https://pay.example.com/first', { x })"));
    assert.equal((text.match(/randomUUID/g) ?? []).length, 1);
    assert.match(text, /export async function first\(x: number\) \{\n {2}const idempotencyKey = crypto\.randomUUID\(\);\n {2}for/);
  });

  it('every transform at once, on one loop: key, policy and entry for it; the other loop and the module’s other services untouched', () => {
    const range = rangeOf(loops, 'for (let i = 0; i < 3; i++) {');
    range[1] = loops.indexOf('  }\n}', range[0]) + 3;
    const { text, module } = fixOnly(ALL_TRANSFORMS, loops, range, { readFile: () => undefined });
    const [first, second] = text.split('export async function second');
    assert.match(first!, /const idempotencyKey = crypto\.randomUUID\(\);\n {2}return await pay\.execute\(/);
    assert.match(first!, /\{ method: 'POST', headers: \{ 'Idempotency-Key': idempotencyKey \} \}\)/);
    assert.equal(second, loops.split('export async function second')[1], 'the other loop is left as it was');
    assert.match(text, /^import \{ pay \} from '\.\/resilience\/policies\.js';$/m);
    assert.match(module!, /export const pay = policy\('pay', \{\n {2}timeoutMs: 5000, \/\/ per attempt\n {2}retry: \{ maxAttempts: 3,/);
    assert.doesNotMatch(module!, /stock/);
  });

  it('a call whose service already has a module entry: wrapped and imported, the module left as it is', () => {
    const existing = "import { policy } from '@breakwater/runtime';\n\nexport const orders = policy('orders', { timeoutMs: 2000 });\n";
    const text = "import { payments } from './resilience/policies.js';\n\nexport const pay = () => payments.execute(() => 1);\nexport const order = () => fetch('https://orders.example.com/y');\nexport const stock = () => fetch('https://stock.example.com/z');\n";
    const fixed = fixOnly(['wrap-policy'], text, rangeOf(text, "fetch('https://orders.example.com/y')"), { readFile: (p) => (p === MODULE ? existing : undefined) });
    assert.equal(fixed.text.split('\n')[0], "import { payments, orders } from './resilience/policies.js';");
    assert.match(fixed.text, /export const order = \(\) => orders\.execute\(\(\{ signal \}\) => fetch\('https:\/\/orders\.example\.com\/y', \{ signal \}\)\);/);
    assert.match(fixed.text, /export const stock = \(\) => fetch\('https:\/\/stock\.example\.com\/z'\);/);
    assert.equal(fixed.module, undefined, 'the module already has the entry');
  });
});
