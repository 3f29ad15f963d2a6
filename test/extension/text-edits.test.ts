import assert from 'node:assert/strict';
import { LineIndex, applyReplacements, editsBetween, minimalEdit } from '../../extension/src/text-edits.js';
import { restrictToTarget, changeRegions } from '../../extension/src/hunks.js';
import { pruneUnusedEntries } from '../../extension/src/fix-transforms.js';

/** Applies position-based edits the way VS Code does, to check them against the expected text. */
function applyEdits(text: string, edits: ReturnType<typeof editsBetween>): string {
  const index = new LineIndex(text);
  return applyReplacements(text, edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText })));
}

describe('text edits', () => {
  it('maps offsets and positions both ways, CRLF included', () => {
    const index = new LineIndex('ab\r\ncd\nef');
    assert.deepEqual(index.positionAt(5), { line: 1, character: 1 });
    assert.equal(index.offsetAt({ line: 2, character: 1 }), 8);
    assert.equal(index.lineText(0), 'ab');
    assert.equal(index.lineCount, 3);
  });

  it('replaces only the changed middle of a text', () => {
    assert.deepEqual(minimalEdit('const a = fetch(url);', 'const a = fetch(url, { signal });'), { start: 19, end: 19, newText: ', { signal }' });
    assert.equal(minimalEdit('same', 'same'), null);
  });

  it('does not split a CRLF pair', () => {
    const edit = minimalEdit('a\r\nb', 'a\nb');
    assert.ok(edit);
    assert.equal('a\r\nb'.slice(0, edit.start) + edit.newText + 'a\r\nb'.slice(edit.end), 'a\nb');
  });

  it('produces edits that turn one text into the other', () => {
    const before = 'import x from "y";\n\nexport async function f() {\n  return fetch(u);\n}\n';
    const after = 'import x from "y";\nimport { p } from "./p";\n\nexport async function f() {\n  return p.execute(() => fetch(u));\n}\n';
    assert.equal(applyEdits(before, editsBetween(before, after)), after);
  });
});

describe('restricting a whole-file rewrite to one finding', () => {
  const before = [
    "import got from 'got';", //                                0
    '',
    'export async function a() {', //                           2
    "  return fetch('https://a.example/x');", //                3  (finding A)
    '}',
    'export async function b() {', //                           5
    "  return fetch('https://b.example/y');", //                6  (finding B)
    '}',
    '',
  ].join('\n');
  const after = [
    "import got from 'got';",
    "import { policies } from './resilience/policies.js';", //  shared: belongs to no finding
    '',
    'export async function a() {',
    "  return policies.a.execute(({ signal }) => fetch('https://a.example/x', { signal }));",
    '}',
    'export async function b() {',
    "  return policies.b.execute(({ signal }) => fetch('https://b.example/y', { signal }));",
    '}',
    '',
  ].join('\n');
  const span = (line: number) => {
    const index = new LineIndex(before);
    return { start: index.offsetAt({ line, character: 9 }), end: index.offsetAt({ line, character: 20 }) };
  };

  it('splits a rewrite into the ranges that change, apart even on adjacent lines', () => {
    const regions = changeRegions(before, after);
    const index = new LineIndex(before);
    assert.deepEqual([...new Set(regions.map((r) => index.positionAt(r.start).line))], [1, 3, 6]);
    assert.ok(regions.every((r) => index.positionAt(r.start).line === index.positionAt(r.end).line));
    assert.equal(regions[0]!.newText, "import { policies } from './resilience/policies.js';\n");
    assert.equal(applyReplacements(before, regions), after);
  });

  it('keeps the target’s hunk and the shared import, not the other call’s rewrite', () => {
    const onlyA = restrictToTarget(before, after, span(3), [span(6)]);
    assert.match(onlyA, /policies\.a\.execute/);
    assert.doesNotMatch(onlyA, /policies\.b\.execute/);
    assert.match(onlyA, /import \{ policies \}/);
    assert.match(onlyA, /return fetch\('https:\/\/b\.example\/y'\);/);
  });

  it('keeps two calls on adjacent lines apart, and imports only the name the kept call uses', () => {
    const src = "export const a = () => fetch('https://payments.example.com/x');\nexport const b = () => fetch('https://orders.example.com/y');\n";
    const out = "import { payments, orders } from './resilience/policies.js';\n\nexport const a = () => payments.execute(({ signal }) => fetch('https://payments.example.com/x', { signal }));\nexport const b = () => orders.execute(({ signal }) => fetch('https://orders.example.com/y', { signal }));\n";
    const call = (needle: string) => ({ start: src.indexOf(needle), end: src.indexOf(needle) + needle.length });
    const a = call("fetch('https://payments.example.com/x')");
    const b = call("fetch('https://orders.example.com/y')");
    assert.equal(
      restrictToTarget(src, out, b, [a]),
      "import { orders } from './resilience/policies.js';\n\nexport const a = () => fetch('https://payments.example.com/x');\nexport const b = () => orders.execute(({ signal }) => fetch('https://orders.example.com/y', { signal }));\n",
    );
  });

  it('keeps the names an existing import already had', () => {
    const src = "import { payments } from './p.js';\nexport const a = () => fetch('https://orders.example.com/x');\nexport const b = () => fetch('https://stock.example.com/y');\nexport const c = () => payments.execute(() => 1);\n";
    const out = "import { payments, orders, stock } from './p.js';\nexport const a = () => orders.execute(() => fetch('https://orders.example.com/x'));\nexport const b = () => stock.execute(() => fetch('https://stock.example.com/y'));\nexport const c = () => payments.execute(() => 1);\n";
    const call = (needle: string) => ({ start: src.indexOf(needle), end: src.indexOf(needle) + needle.length });
    const onlyA = restrictToTarget(src, out, call("fetch('https://orders.example.com/x')"), [call("fetch('https://stock.example.com/y')")]);
    assert.equal(onlyA.split('\n')[0], "import { payments, orders } from './p.js';");
    assert.match(onlyA, /export const b = \(\) => fetch\('https:\/\/stock\.example\.com\/y'\);/);
  });

  it('keeps an insertion right above the target (a key declared before its loop), not one above another finding', () => {
    const src = ['async function a() {', '  for (;;) { await post(1); }', '}', 'async function b() {', '  for (;;) { await post(2); }', '}', ''].join('\n');
    const out = ['async function a() {', '  const key = randomUUID();', '  for (;;) { await post(1, key); }', '}', 'async function b() {', '  const key = randomUUID();', '  for (;;) { await post(2, key); }', '}', ''].join('\n');
    const index = new LineIndex(src);
    const loop = (line: number) => ({ start: index.offsetAt({ line, character: 2 }), end: index.offsetAt({ line, character: 30 }) });
    const onlyB = restrictToTarget(src, out, loop(4), [loop(1)]);
    assert.equal(onlyB, ['async function a() {', '  for (;;) { await post(1); }', '}', 'async function b() {', '  const key = randomUUID();', '  for (;;) { await post(2, key); }', '}', ''].join('\n'));
  });

  it('returns the original when the rewrite does not touch the target', () => {
    const onlyB = restrictToTarget(before, after.replace("policies.a.execute(({ signal }) => fetch('https://a.example/x', { signal }))", "fetch('https://a.example/x')"), span(3), [span(6)]);
    assert.equal(onlyB, before);
  });
});

describe('pruning a policy module planned for a whole file', () => {
  const entry = (name: string) => `/** ${name}.example.com */\nexport const ${name} = policy('${name}', {\n  timeoutMs: 5000,\n});`;
  const header = "import { policy } from '@breakwater/runtime';";

  it('drops new entries the fixed file does not use, keeps the used and the existing ones', () => {
    const before = `${header}\n\n${entry('billing')}\n`;
    const after = `${header}\n\n${entry('billing')}\n\n${entry('orders')}\n\n${entry('payments')}\n`;
    const fixed = "payments.execute(() => fetch('https://orders.example.com/x')); // not orders";
    assert.equal(pruneUnusedEntries(before, after, fixed), `${header}\n\n${entry('billing')}\n\n${entry('payments')}\n`);
  });

  it('prunes a module being created too', () => {
    const after = `// header comment\n\n${header}\n\n${entry('orders')}\n\n${entry('payments')}\n`;
    assert.equal(pruneUnusedEntries(undefined, after, 'orders.execute(x)'), `// header comment\n\n${header}\n\n${entry('orders')}\n`);
  });
});
