// The summary `breakwater fix` prints after the diff: what would change (or changed), per
// transform, the files left alone and why, and where the policy module goes.
import type { FixResult } from '../fix/types.js';
import { alignRows, plural, type Cell, type Paint } from './style.js';


const ROLE_NOTE = { source: '', 'policy-module': 'policy module', 'vendored-runtime': 'vendored runtime' } as const;

export function formatFixSummary(result: FixResult, paint: Paint, dryRun: boolean): string {
  const out: string[] = [];
  const changed = result.changes.length;
  const verb = dryRun || result.refused ? 'would change' : 'changed';
  const head = `breakwater fix${dryRun ? ' (dry run)' : ''}: ${plural(result.filesProcessed, 'file')} read, ${changed} ${verb}, ${result.skipped.length} skipped`;
  out.push(paint('bold', head));

  const transformRows: Cell[][] = result.transforms.map((name) => [{ text: name }, { text: plural(result.perTransform[name], 'change') }]);
  out.push(...alignRows(transformRows, paint));

  if (changed > 0) {
    out.push('', paint('bold', result.written ? 'Written:' : 'Would write:'));
    const notWritten = new Set(result.skipped.filter((s) => s.kind === 'write' || s.kind === 'changed').map((s) => s.file));
    const rows = result.changes.filter((change) => !(result.written && notWritten.has(change.file))).map((change): Cell[] => {
      const counts = new Map<string, number>();
      for (const note of change.changes) if (!note.skipped) counts.set(note.transform, (counts.get(note.transform) ?? 0) + 1);
      const what = [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
      const role = change.role === 'vendored-runtime' && /\.d\.[cm]?ts$/.test(change.file) ? 'vendored runtime types' : ROLE_NOTE[change.role];
      if (role) what.unshift(`${change.kind === 'created' ? 'new ' : ''}${role}`);
      const cells: Cell[] = [{ text: change.file }, { text: what.join(', ') }];
      if (change.outsideGivenPaths) cells.push({ text: 'outside the given paths', color: 'yellow' });
      return cells;
    });
    out.push(...alignRows(rows, paint));
  }

  if (result.leftAlone.length > 0) {
    out.push('', paint('bold', 'Left alone (review by hand):'));
    out.push(...alignRows(result.leftAlone.map((n): Cell[] => [{ text: `${n.file}:${n.line}` }, { text: n.transform, color: 'dim' }, { text: n.message }]), paint));
  }

  if (result.skipped.length > 0) {
    out.push('', paint('bold', paint('red', 'Skipped (left untouched):')));
    const rows = result.skipped.map((s): Cell[] => [
      { text: s.line !== undefined ? `${s.file}:${s.line}${s.column !== undefined ? `:${s.column}` : ''}` : s.file },
      { text: s.kind, color: 'red' },
      { text: s.reason },
    ]);
    out.push(...alignRows(rows, paint));
  }

  const outside = result.changes.filter((c) => c.outsideGivenPaths);
  if (outside.length > 0) {
    out.push(
      '',
      paint(
        'yellow',
        `Note: outside the paths you gave, fix also writes ${outside.map((c) => c.file).join(' and ')}: ` +
          'the policy module and the runtime file go where --policy-module / --vendor-path say (default: src/resilience/ in the project root).',
      ),
    );
  }

  if (result.refused) {
    out.push('', paint('red', `Not written: ${result.refused.message}`));
    for (const file of result.refused.files) out.push(`  ${file}`);
  } else if (dryRun && changed > 0) {
    out.push('', 'Dry run: nothing was written. Re-run with --write to apply.');
  } else if (changed === 0 && result.skipped.length === 0) {
    out.push('', paint('green', 'Nothing to fix.'));
  }
  return out.join('\n') + '\n';
}
