// Terminal styling: colors only when the stream is a terminal and NO_COLOR is not set
// (https://no-color.org); FORCE_COLOR=1 turns them on anyway, FORCE_COLOR=0 off.

export type Color = 'red' | 'yellow' | 'green' | 'cyan' | 'dim' | 'bold';

const CODES: Record<Color, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export type Paint = (color: Color | undefined, text: string) => string;

export function painter(enabled: boolean): Paint {
  if (!enabled) return (_color, text) => text;
  return (color, text) => {
    if (color === undefined || text === '') return text;
    const [open, close] = CODES[color];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  };
}

/** A cell of an aligned table: the text, and how to color it once padded. */
export interface Cell {
  text: string;
  color?: Color;
}

/** Lays rows out in aligned columns (widths shared by every row given), two spaces apart. */
export function alignRows(rows: readonly (readonly Cell[])[], paint: Paint, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.text.length)));
  return rows.map((row) => {
    const cells = row.map((cell, i) => {
      const padded = i === row.length - 1 ? cell.text : cell.text.padEnd(widths[i] ?? 0);
      // Color the text only, so padding spaces carry no escape codes.
      return paint(cell.color, cell.text) + padded.slice(cell.text.length);
    });
    return indent + cells.join('  ').trimEnd();
  });
}

/** `1 file`, `3 files`. */
export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
