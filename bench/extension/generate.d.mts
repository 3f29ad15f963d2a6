/** A deterministic service file of `lines` lines with a realistic mix of outbound calls. */
export function generateServiceFile(lines: number): string;
/** The text after typing `n` into a number in the middle of the file (same findings, new version). */
export function typeInto(text: string, n: number): string;
