// The progress line: only on a terminal, only once a run has lasted `delayMs`, throttled, and
// erased before results are printed. (A run with stderr piped prints none: see cli-scan.test.ts.)
import assert from 'node:assert/strict';
import { createProgress } from '@breakwater/codemods';

function fakeStream(isTTY: boolean): { isTTY: boolean; writes: string[]; write(text: string): boolean } {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => (writes.push(text), true) };
}

describe('progress line', () => {
  it('prints nothing when the stream is not a terminal', () => {
    const stream = fakeStream(false);
    let now = 0;
    const progress = createProgress(stream, 'breakwater scan', { now: () => now });
    for (let i = 1; i <= 100; i++) {
      now += 50;
      progress.update(i, 100);
    }
    progress.end();
    assert.deepEqual(stream.writes, []);
  });

  it('stays silent for short runs on a terminal', () => {
    const stream = fakeStream(true);
    let now = 0;
    const progress = createProgress(stream, 'breakwater scan', { now: () => now, delayMs: 500 });
    for (let i = 1; i <= 10; i++) {
      now += 40;
      progress.update(i, 10);
    }
    progress.end();
    assert.deepEqual(stream.writes, []);
  });

  it('shows files done / total on one rewritten line for long runs, throttled, then erases it', () => {
    const stream = fakeStream(true);
    let now = 0;
    const progress = createProgress(stream, 'breakwater scan', { now: () => now, delayMs: 500, intervalMs: 100 });
    for (let i = 1; i <= 40; i++) {
      now += 25; // 1 s in all
      progress.update(i, 40);
    }
    progress.end();
    const lines = stream.writes.slice(0, -1);
    assert.ok(lines.length >= 4 && lines.length <= 6, `throttled to about one per 100 ms after 500 ms: ${lines.length}`);
    for (const line of lines) assert.match(line, /^\r\u001b\[Kbreakwater scan: \d+\/40 files$/);
    assert.equal(lines.at(-1), '\r\u001b[Kbreakwater scan: 40/40 files', 'the last file is always shown');
    assert.equal(stream.writes.at(-1), '\r\u001b[K', 'erased at the end');
  });
});
