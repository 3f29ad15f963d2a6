// The quick fixes' transform runner with the real codemod transforms: each run is limited by the
// engine (FixOptions.only) to the finding's call or retry loop, so a fix never touches another
// finding's code, imports only what it uses, and creates or extends the policy module with only
// the entry it needs. (These replace the tests of the old whole-file-then-keep-one-hunk heuristic.)
import assert from 'node:assert/strict';
import { createFixSession, type FixOptions, type TransformName } from '@breakwater/codemods/transforms';
import { FixTransformRunner, type CreateFixSession } from '../../extension/src/fix-transforms.js';
import type { TransformFix } from '../../extension/src/code-actions.js';

const FILE = '/ws/src/client.ts';
const MODULE = '/ws/src/resilience/policies.ts';
const OPTIONS = { timeoutMs: 5000, runtime: 'package' as const, policyModulePath: MODULE, vendorPath: '/ws/src/resilience/breakwater-runtime.ts' };

function runner(files: Record<string, string> = {}, create: CreateFixSession = createFixSession) {
  const logged: string[] = [];
  const r = new FixTransformRunner(create, { optionsFor: () => OPTIONS, readFile: (p) => files[p], log: (m) => logged.push(m), stateKey: () => JSON.stringify(files) });
  return { run: (t: TransformName | TransformFix, text: string, target: { start: number; end: number }) => r.run(typeof t === 'string' ? [t] : t, FILE, text, target), logged };
}

const spanOf = (text: string, needle: string, from = 0) => {
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, needle);
  return { start, end: start + needle.length };
};

describe('quick-fix transforms, limited to one finding', () => {
  const twoFunctions = [
    "import got from 'got';",
    '',
    'export async function a() {',
    "  return fetch('https://a.example.com/x');",
    '}',
    'export async function b() {',
    "  return fetch('https://b.example.com/y');",
    '}',
    '',
  ].join('\n');

  it('rewrites the target call and adds its import (aliased: the file has a function `a`), not the other call’s rewrite', () => {
    const out = runner().run('wrap-policy', twoFunctions, spanOf(twoFunctions, "fetch('https://a.example.com/x')"));
    assert.ok(out);
    assert.equal(
      out.text,
      twoFunctions.replace("import got from 'got';", "import got from 'got';\nimport { a as aPolicy } from './resilience/policies.js';").replace("return fetch('https://a.example.com/x')", "return aPolicy.execute(({ signal }) => fetch('https://a.example.com/x', { signal }))"),
    );
    assert.match(out.notes[0]!, /fetch → aPolicy\.execute\(…\) \(policy 'a'\)/);
  });

  it('keeps two calls on adjacent lines apart, and imports only the name the fixed call uses', () => {
    const src = "export const a = () => fetch('https://payments.example.com/x');\nexport const b = () => fetch('https://orders.example.com/y');\n";
    const out = runner().run('wrap-policy', src, spanOf(src, "fetch('https://orders.example.com/y')"));
    assert.equal(
      out?.text,
      "import { orders } from './resilience/policies.js';\n\nexport const a = () => fetch('https://payments.example.com/x');\nexport const b = () => orders.execute(({ signal }) => fetch('https://orders.example.com/y', { signal }));\n",
    );
  });

  it('extends an import the file already has with the new name', () => {
    const src = "import { payments } from './resilience/policies.js';\nexport const a = () => fetch('https://orders.example.com/x');\nexport const b = () => fetch('https://stock.example.com/y');\nexport const c = () => payments.execute(() => 1);\n";
    const out = runner().run('wrap-policy', src, spanOf(src, "fetch('https://orders.example.com/x')"));
    assert.equal(out?.text.split('\n')[0], "import { payments, orders } from './resilience/policies.js';");
    assert.match(out!.text, /export const b = \(\) => fetch\('https:\/\/stock\.example\.com\/y'\);/);
  });

  it('declares the Idempotency-Key above the loop of the target, not above the other loop', () => {
    const loop = (name: string) => [`export async function ${name}(x: number) {`, '  for (let i = 0; i < 3; i++) {', `    try { return await axios.post('https://pay.example.com/${name}', { x }); } catch (e) { if (i === 2) throw e; }`, '  }', '}'];
    const src = ["import axios from 'axios';", ...loop('first'), ...loop('second'), ''].join('\n');
    const out = runner().run('idempotency-key', src, spanOf(src, "axios.post('https://pay.example.com/second', { x })"));
    const [first, second] = out!.text.split('export async function second');
    assert.equal(first, src.split('export async function second')[0]);
    assert.match(second!, /^\(x: number\) \{\n {2}const idempotencyKey = crypto\.randomUUID\(\);\n {2}for/);
  });

  it('returns nothing when the transform has nothing to do for the target', () => {
    const src = "export const a = () => fetch('https://a.example.com/x', { signal: AbortSignal.timeout(1000) });\nexport const b = () => fetch('https://b.example.com/y');\n";
    assert.equal(runner().run('add-timeout', src, spanOf(src, "fetch('https://a.example.com/x', { signal: AbortSignal.timeout(1000) })")), null);
  });

  it('extends an existing policy module with only the entry this fix uses; existing entries kept as they are', () => {
    const existing = "import { policy } from '@breakwater/runtime';\n\nexport const billing = policy('billing', { timeoutMs: 5000 });\n";
    const src = "export const o = () => fetch('https://orders.example.com/x');\nexport const p = () => fetch('https://payments.example.com/y');\n";
    const out = runner({ [MODULE]: existing }).run('wrap-policy', src, spanOf(src, "fetch('https://payments.example.com/y')"));
    const module = out!.extraFiles.find((f) => f.path === MODULE)!;
    assert.equal(module.existed, true);
    assert.equal(module.before, existing);
    assert.ok(module.text.startsWith(existing.trimEnd()), 'existing entries kept as they were');
    assert.match(module.text, /export const payments = policy\('payments'/);
    assert.doesNotMatch(module.text, /orders/);
  });

  it('creates the module with only the entry this fix uses', () => {
    const src = "export const o = () => fetch('https://orders.example.com/x');\nexport const p = () => fetch('https://payments.example.com/y');\n";
    const out = runner().run('wrap-policy', src, spanOf(src, "fetch('https://orders.example.com/x')"));
    const module = out!.extraFiles.find((f) => f.path === MODULE)!;
    assert.equal(module.existed, false);
    assert.match(module.text, /export const orders = policy\('orders'/);
    assert.doesNotMatch(module.text, /export const payments/);
  });

  it('a call whose service already has an entry: wrapped, and the module left alone', () => {
    const existing = "import { policy } from '@breakwater/runtime';\n\nexport const orders = policy('orders', { timeoutMs: 2000 });\n";
    const src = "export const o = () => fetch('https://orders.example.com/x');\n";
    const out = runner({ [MODULE]: existing }).run('wrap-policy', src, spanOf(src, "fetch('https://orders.example.com/x')"));
    assert.match(out!.text, /orders\.execute\(/);
    assert.deepEqual(out!.extraFiles, []);
  });

  it('runs a fix of two transforms together: a retry loop routed through its service policy, kept apart from the plain replacement', () => {
    const src = [
      'export async function getUser(id: string) {',
      '  for (let i = 0; i < 3; i++) {',
      '    try {',
      '      return await fetch(`https://users.example.com/u/${id}`, { signal: AbortSignal.timeout(2000) });',
      '    } catch (e) {',
      '      if (i === 2) throw e;',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const { run } = runner();
    const loop = spanOf(src, 'for (let i = 0; i < 3; i++) {');
    const plain = run('replace-retry-loop', src, loop);
    const routed = run(['replace-retry-loop', 'wrap-policy'], src, loop);
    assert.match(plain!.text, /return await retry\(\{ maxAttempts: 3 \}\)\.execute\(\(\) => fetch\(/);
    assert.deepEqual(plain!.extraFiles, []);
    assert.match(routed!.text, /^import \{ users \} from '\.\/resilience\/policies\.js';$/m);
    assert.match(routed!.text, /return await users\.execute\(\(\) => fetch\(/);
    assert.doesNotMatch(routed!.text, /retry\(/);
    assert.match(routed!.notes[0]!, /policy 'users'/);
    const module = routed!.extraFiles.find((f) => f.path === MODULE)!;
    assert.match(module.text, /export const users = policy\('users', \{[\s\S]*retry: \{ maxAttempts: 3\b/);
  });

  it('computes each (transform, target) once per text, and again when the text changes', () => {
    let sessions = 0;
    const counting: CreateFixSession = (options: FixOptions) => {
      sessions++;
      return createFixSession(options);
    };
    const { run } = runner({}, counting);
    const src = "export const a = () => fetch('https://a.example.com/x');\nexport const b = () => fetch('https://b.example.com/y');\n";
    const a = spanOf(src, "fetch('https://a.example.com/x')");
    const b = spanOf(src, "fetch('https://b.example.com/y')");
    const first = run('add-timeout', src, a);
    assert.equal(run('add-timeout', src, a), first);
    run('add-timeout', src, b);
    assert.equal(sessions, 2);
    run('add-timeout', `${src}\n`, a);
    assert.equal(sessions, 3);
  });

  it('logs a transform that fails and offers nothing for it', () => {
    const { run, logged } = runner({}, () => {
      throw new Error('boom');
    });
    assert.equal(run('add-timeout', "fetch('https://a.example.com/x');\n", { start: 0, end: 5 }), null);
    assert.match(logged[0]!, /add-timeout on \/ws\/src\/client\.ts failed: Error: boom/);
  });
});
