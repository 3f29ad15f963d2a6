// The files a fix session writes besides the inputs: the per-service policy module (created, then
// extended without touching existing entries) and the vendored runtime.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFixSession, vendorDeclarationPath, type FixOptions } from '@breakwater/codemods/transforms';
import { fixtureOptions, PROJECT } from './transforms.support.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/policy-module/', import.meta.url));
const MODULE = `${PROJECT}/src/resilience/policies.ts`;
const VENDOR = `${PROJECT}/src/vendor/breakwater-runtime.ts`;

const CALLS = {
  'src/pay.ts': `export const pay = () => fetch('https://payments.example.com/charges', { method: 'POST' });\n`,
  'src/stock.ts': `import axios from 'axios';\nexport const stock = () => axios.get('https://inventory.example.com/stock');\n`,
  'src/ship.ts': `import got from 'got';\nexport const ship = () => got('https://shipping.example.com/track');\n`,
};

function session(files: Array<keyof typeof CALLS>, overrides: Partial<FixOptions> = {}) {
  const s = createFixSession(fixtureOptions(['wrap-policy'], overrides));
  const out: Record<string, string> = {};
  for (const f of files) {
    const r = s.fixFile(`${PROJECT}/${f}`, CALLS[f]);
    if (!r.ok) assert.fail(r.error);
    out[f] = r.text;
  }
  return { s, out };
}

describe('codemods transforms: the policy module and the vendored runtime', () => {
  it('creates the module with one entry per service, the per-service table as code', () => {
    const { s } = session(['src/pay.ts', 'src/stock.ts']);
    const files = s.extraFiles(() => undefined);
    assert.deepEqual(files.map((f) => f.path), [MODULE]);
    assert.equal(files[0]!.text, readFileSync(`${FIXTURES}create.output.ts`, 'utf8'));
  });

  it('extends an existing module: new services appended, existing entries and edits left alone', () => {
    const existing = readFileSync(`${FIXTURES}extend.existing.ts`, 'utf8');
    const { s } = session(['src/pay.ts', 'src/stock.ts', 'src/ship.ts']);
    const files = s.extraFiles((p) => (p === MODULE ? existing : undefined));
    assert.deepEqual(files.map((f) => f.path), [MODULE]);
    assert.equal(files[0]!.text, readFileSync(`${FIXTURES}extend.output.ts`, 'utf8'));
    // Idempotent: with the extended module in place, nothing more to write.
    const again = session(['src/pay.ts', 'src/stock.ts', 'src/ship.ts']).s.extraFiles((p) => (p === MODULE ? files[0]!.text : undefined));
    assert.deepEqual(again, []);
  });

  it('writes nothing when no call was routed through a policy', () => {
    const s = createFixSession(fixtureOptions(['wrap-policy']));
    const r = s.fixFile(`${PROJECT}/src/none.ts`, 'export const x = 1;\n');
    assert.ok(r.ok && r.text === 'export const x = 1;\n');
    assert.deepEqual(s.extraFiles(() => undefined), []);
  });

  it('--runtime vendor: the module imports the vendored file, which is written once', () => {
    const { s } = session(['src/pay.ts'], { runtime: 'vendor' });
    const files = s.extraFiles(() => undefined);
    assert.deepEqual(files.map((f) => f.path).sort(), [MODULE, VENDOR].sort());
    const module = files.find((f) => f.path === MODULE)!.text;
    assert.match(module, /^import \{ policy \} from '\.\.\/vendor\/breakwater-runtime\.js';$/m);
    const vendor = files.find((f) => f.path === VENDOR)!.text;
    assert.match(vendor, /^\/\/ @ts-nocheck/);
    assert.match(vendor, /^export const policy = /m);
    // Already up to date: not written again.
    const again = session(['src/pay.ts'], { runtime: 'vendor' }).s.extraFiles((p) => (p === VENDOR ? vendor : p === MODULE ? module : undefined));
    assert.deepEqual(again, []);
  });

  it('--runtime vendor with a .js path: the ESM bundle and its declarations beside it', () => {
    const { s } = session(['src/pay.ts'], { runtime: 'vendor', vendorPath: `${PROJECT}/src/vendor/breakwater-runtime.js` });
    const paths = s.extraFiles(() => undefined).map((f) => f.path).sort();
    assert.deepEqual(paths, [MODULE, `${PROJECT}/src/vendor/breakwater-runtime.d.ts`, `${PROJECT}/src/vendor/breakwater-runtime.js`].sort());
  });

  it('vendorDeclarationPath names exactly the declaration file extraFiles writes (.js → .d.ts, .mjs → .d.mts, .ts → none)', () => {
    for (const [vendorPath, declaration] of [
      [`${PROJECT}/lib/runtime.js`, `${PROJECT}/lib/runtime.d.ts`],
      [`${PROJECT}/lib/runtime.mjs`, `${PROJECT}/lib/runtime.d.mts`],
      [`${PROJECT}/lib/runtime.ts`, undefined],
      [`${PROJECT}/lib/runtime.mts`, undefined],
    ] as const) {
      assert.equal(vendorDeclarationPath(vendorPath), declaration, vendorPath);
      const { s } = session(['src/pay.ts'], { runtime: 'vendor', vendorPath });
      const written = s.extraFiles(() => undefined).map((f) => f.path).filter((p) => p !== MODULE).sort();
      assert.deepEqual(written, [vendorPath, ...(declaration ? [declaration] : [])].sort(), vendorPath);
    }
  });

  it('follows the extension style of the file’s own relative imports', () => {
    const s = createFixSession(fixtureOptions(['wrap-policy']));
    const r = s.fixFile(`${PROJECT}/src/api/pay.ts`, `import { base } from '../config';\nexport const pay = () => fetch('https://payments.example.com/charges');\n`);
    assert.ok(r.ok);
    assert.match(r.text, /^import \{ payments \} from '\.\.\/resilience\/policies';$/m);
  });

  it('a policy module under another name is still recognised: no timeout added inside, no second wrap', () => {
    const options = fixtureOptions(['wrap-policy', 'add-timeout'], { policyModulePath: `${PROJECT}/src/infra/registry.ts` });
    const first = createFixSession(options).fixFile(`${PROJECT}/src/pay.ts`, CALLS['src/pay.ts']);
    assert.ok(first.ok);
    assert.equal(first.text, `import { payments } from './infra/registry.js';\n\nexport const pay = () => payments.execute(({ signal }) => fetch('https://payments.example.com/charges', { method: 'POST', signal }), { method: 'POST' });\n`);
    const second = createFixSession(options).fixFile(`${PROJECT}/src/pay.ts`, first.text);
    assert.ok(second.ok);
    assert.equal(second.text, first.text);
  });
});
