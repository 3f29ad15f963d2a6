/** A deterministic service file of `lines` lines with a realistic mix of outbound calls. */
export function generateServiceFile(lines: number): string;
