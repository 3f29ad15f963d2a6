import assert from 'node:assert/strict';
import { LineIndex, applyReplacements, editsBetween, minimalEdit } from '../../extension/src/text-edits.js';

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
