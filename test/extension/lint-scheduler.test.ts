// When documents are linted as the user types (fake timers; lints are promises the test settles):
// debounced, one at a time per document, never twice for one version, stale results not published.
import assert from 'node:assert/strict';
import FakeTimers from '@sinonjs/fake-timers';
import { LintScheduler } from '../../extension/src/lint-scheduler.js';

interface Doc {
  key: string;
  version: number;
  isClosed: boolean;
}
interface State {
  version: number;
}

const DELAY = 200;

function setup() {
  const runs: Array<{ key: string; version: number; finish: () => void }> = [];
  const published: Array<{ key: string; version: number }> = [];
  const scheduler = new LintScheduler<Doc, State>(
    {
      key: (doc) => doc.key,
      run: (doc) => {
        const version = doc.version;
        return new Promise<State>((resolve) => runs.push({ key: doc.key, version, finish: () => resolve({ version }) }));
      },
      publish: (doc, state) => published.push({ key: doc.key, version: state.version }),
    },
    DELAY,
  );
  return { scheduler, runs, published };
}

/** Lets the promise callbacks run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('lint scheduler', () => {
  let clock: ReturnType<typeof FakeTimers.install>;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.uninstall());

  it('lints once after a burst of keystrokes, when the user pauses', async () => {
    const { scheduler, runs, published } = setup();
    const doc = { key: 'a.ts', version: 1, isClosed: false };
    for (let v = 2; v <= 6; v++) {
      doc.version = v;
      scheduler.schedule(doc);
      clock.tick(DELAY - 1);
    }
    assert.equal(runs.length, 0, 'no lint while typing');
    clock.tick(1);
    assert.deepEqual(runs.map((r) => r.version), [6]);
    runs[0]!.finish();
    await settle();
    assert.deepEqual(published, [{ key: 'a.ts', version: 6 }]);
  });

  it('never lints a version twice, and lints an edit made during a lint right after it, once', async () => {
    const { scheduler, runs, published } = setup();
    const doc = { key: 'a.ts', version: 1, isClosed: false };
    const first = scheduler.lint(doc);
    assert.equal(scheduler.lint(doc), first, 'the same version shares the lint in flight');
    doc.version = 2;
    scheduler.schedule(doc);
    clock.tick(DELAY);
    const waiting = scheduler.lint(doc); // e.g. code actions asking for the current findings
    assert.equal(runs.length, 1, 'one lint per document at a time');
    runs[0]!.finish();
    await settle();
    assert.deepEqual(runs.map((r) => r.version), [1, 2], 'version 2 linted right after');
    assert.deepEqual(published, [], 'the result for version 1 is stale: not published');
    runs[1]!.finish();
    assert.deepEqual(await waiting, { version: 2 });
    await settle();
    clock.tick(DELAY * 10);
    await settle();
    assert.deepEqual(runs.map((r) => r.version), [1, 2], 'no lint of version 2 again');
    assert.deepEqual(published, [{ key: 'a.ts', version: 2 }]);
  });

  it('keeps documents apart, and forgets a closed one', async () => {
    const { scheduler, runs, published } = setup();
    const a = { key: 'a.ts', version: 1, isClosed: false };
    const b = { key: 'b.ts', version: 7, isClosed: false };
    void scheduler.lint(a);
    void scheduler.lint(b);
    assert.deepEqual(runs.map((r) => r.key), ['a.ts', 'b.ts']);
    b.version = 8;
    scheduler.schedule(b);
    scheduler.forget('b.ts');
    b.isClosed = true;
    clock.tick(DELAY);
    for (const run of runs) run.finish();
    await settle();
    assert.deepEqual(runs.map((r) => r.key), ['a.ts', 'b.ts'], 'no lint for the closed document');
    assert.deepEqual(published, [{ key: 'a.ts', version: 1 }]);
  });
});
