// replace-retry-loop with wrap-policy also chosen: the loop becomes the service policy's execute
// (one retry, inside the breaker and bulkhead), the loop's attempt count goes into the entry this
// run creates, and an entry the policy module already has keeps its settings — the note says so.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fix, scan } from '@breakwater/codemods';
import { createFixSession, type FixOptions } from '@breakwater/codemods/transforms';
import { fixtureOptions, PROJECT } from './transforms.support.js';

const MODULE = `${PROJECT}/src/resilience/policies.ts`;

const loop = (attempts: number, host = 'payments.example.com') => `export async function load(): Promise<unknown> {
  for (let i = 0; i < ${attempts}; i++) {
    try {
      const res = await fetch('https://${host}/items');
      return await res.json();
    } catch (err) {
      if (i === ${attempts - 1}) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
`;

function fixAll(files: Record<string, string>, overrides: Partial<FixOptions> = {}) {
  const session = createFixSession(fixtureOptions(['idempotency-key', 'replace-retry-loop', 'wrap-policy', 'add-timeout'], overrides));
  const out: Record<string, { text: string; notes: string[] }> = {};
  for (const [name, text] of Object.entries(files)) {
    const r = session.fixFile(`${PROJECT}/src/${name}`, text);
    if (!r.ok) assert.fail(r.error);
    out[name] = { text: r.text, notes: r.changes.filter((c) => c.transform === 'replace-retry-loop').map((c) => c.message) };
  }
  const module = session.extraFiles((p) => overrides.readFile?.(p)).find((f) => f.path === MODULE)?.text;
  return { out, module };
}

describe('codemods transforms: a retry loop routed through its service policy', () => {
  it('a new entry gets the loop’s attempt count, and the note says nothing more', () => {
    const { out, module } = fixAll({ 'a.ts': loop(5) }, { readFile: () => undefined });
    assert.match(out['a.ts']!.text, /return await payments\.execute\(async \(\{ signal \}\) => \{/);
    assert.doesNotMatch(out['a.ts']!.text, /\bretry\(/);
    assert.match(module!, /export const payments = policy\('payments', \{\n {2}timeoutMs: 5000, \/\/ per attempt\n {2}retry: \{ maxAttempts: 5,/);
    assert.deepEqual(out['a.ts']!.notes, [
      "a hand-rolled for loop → payments.execute(…) (policy 'payments': its retry — backoff, jitter, transient failures only — replaces the loop's 5 attempts, inside its breaker and bulkhead)",
    ]);
  });

  it('an existing entry keeps its own retry settings (module unchanged), and the note says the attempts differ', () => {
    const existing = `import { policy } from '@breakwater/runtime';\nexport const payments = policy('payments', { retry: { maxAttempts: 2 } });\n`;
    const { out, module } = fixAll({ 'a.ts': loop(5) }, { readFile: (p) => (p === MODULE ? existing : undefined) });
    assert.match(out['a.ts']!.text, /payments\.execute\(/);
    assert.equal(module, undefined, 'the module already has the entry: not rewritten');
    assert.match(out['a.ts']!.notes[0]!, /the policy module's existing 'payments' entry keeps maxAttempts 2 instead of the loop's 5 attempts/);
  });

  it('an entry the user renamed counts as existing; `retry: false` is spelled out', () => {
    const existing = `import { policy } from '@breakwater/runtime';\nexport const gateway = policy('payments', { retry: false });\n`;
    const { out, module } = fixAll({ 'a.ts': loop(3) }, { readFile: (p) => (p === MODULE ? existing : undefined) });
    assert.match(out['a.ts']!.notes[0]!, /existing 'payments' entry keeps retry: false, so the request is no longer retried/);
    assert.match(module!, /export const payments = gateway; \/\/ the 'payments' policy, under the name the call sites import/);
  });

  it('an existing entry with the same attempt count needs no note; the runtime default counts as 3', () => {
    const existing = `import { policy } from '@breakwater/runtime';\nexport const payments = policy('payments', { timeoutMs: 2000 });\n`;
    const { out } = fixAll({ 'a.ts': loop(3) }, { readFile: (p) => (p === MODULE ? existing : undefined) });
    assert.doesNotMatch(out['a.ts']!.notes[0]!, /;/);
  });

  it('without readFile the session cannot tell, and the note covers both cases', () => {
    const { out } = fixAll({ 'a.ts': loop(4) });
    assert.match(out['a.ts']!.notes[0]!, /a new 'payments' entry gets retry\.maxAttempts 4 from the loop; an entry the policy module already has keeps its own retry settings/);
  });

  it('two loops of one service with different counts: the first sets the new entry, the second is told', () => {
    const { out, module } = fixAll({ 'a.ts': loop(4), 'b.ts': loop(2) }, { readFile: () => undefined });
    assert.match(module!, /retry: \{ maxAttempts: 4,/);
    assert.match(out['b.ts']!.notes[0]!, /the new 'payments' entry has retry\.maxAttempts 4, from the first retry loop routed to it \(this loop made 2 attempts\)/);
  });

  it('a plain call wrapped first, a loop later: the entry still takes the loop’s count', () => {
    const plain = `export const ping = () => fetch('https://payments.example.com/ping');\n`;
    const { module } = fixAll({ 'a.ts': plain, 'b.ts': loop(6) }, { readFile: () => undefined });
    assert.match(module!, /retry: \{ maxAttempts: 6,/);
  });

  it('without wrap-policy the loop becomes the runtime’s bare retry, as before', () => {
    const session = createFixSession(fixtureOptions(['replace-retry-loop']));
    const r = session.fixFile(`${PROJECT}/src/a.ts`, loop(3));
    assert.ok(r.ok);
    assert.match(r.text, /^import \{ retry \} from '@breakwater\/runtime';\n/);
    assert.match(r.text, /return await retry\(\{ maxAttempts: 3 \}\)\.execute\(async \(\{ signal \}\) => \{\n {4}const res = await fetch\('https:\/\/payments\.example\.com\/items', \{ signal \}\);/);
    assert.doesNotMatch(r.text, /policies/);
  });
});

describe('codemods transforms: the demo’s POS sample, fixed with every transform', function () {
  this.timeout(120_000);
  let copy: string;
  before(() => {
    copy = mkdtempSync(join(tmpdir(), 'breakwater-pos-'));
    cpSync(fileURLToPath(new URL('../../examples/pos-system/', import.meta.url)), copy, { recursive: true });
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  it('scan then finds no call without a breaker, no unsafe retry, no hand-rolled loop; a second fix finds nothing', async () => {
    const before = await scan([copy], { root: copy });
    assert.ok(before.totals.unprotected.breaker > 0 && before.totals.unprotected.unsafeRetry > 0, 'the sample starts unprotected');
    const first = await fix([copy], { cwd: copy, write: true, force: true });
    assert.ok(first.written);
    const charge = readFileSync(join(copy, 'src/clients/payment-client.ts'), 'utf8');
    assert.match(charge, /return await payment\.execute\(async \(\{ signal \}\) => \{/);
    assert.match(charge, /\}, \{ method: 'POST', headers: \{ 'Idempotency-Key': idempotencyKey \} \}\);/);
    assert.doesNotMatch(charge, /\bretry\(|AbortSignal\.timeout|sleep/);
    const after = await scan([copy], { root: copy });
    assert.equal(after.totals.unprotected.breaker, 0);
    assert.equal(after.totals.unprotected.unsafeRetry, 0);
    assert.equal(after.totals.unprotected.timeout, 0);
    assert.deepEqual(after.calls.flatMap((c) => c.retries.filter((r) => r.kind === 'hand-rolled')), []);
    const second = await fix([copy], { cwd: copy });
    assert.deepEqual(second.changes, []);
  });
});
