// FixOptions.only: one construct of a file, for an editor's quick fix. The construct "at" a range is
// the innermost one that contains it (a report may underline only `fetch`); when none contains it,
// the ones inside it (a range that covers a fan-out or a loop selects the calls in it).
export type Span = readonly [number, number];

export function selectAt<T>(items: readonly T[], rangeOf: (item: T) => Span, only: Span | undefined): T[] {
  if (!only) return [...items];
  const [start, end] = only;
  const containing = items
    .filter((item) => rangeOf(item)[0] <= start && end <= rangeOf(item)[1])
    .sort((a, b) => rangeOf(a)[1] - rangeOf(a)[0] - (rangeOf(b)[1] - rangeOf(b)[0]));
  if (containing[0] !== undefined) return [containing[0]];
  return items.filter((item) => start <= rangeOf(item)[0] && rangeOf(item)[1] <= end);
}
