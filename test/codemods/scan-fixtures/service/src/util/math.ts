// No outbound calls here: a scan must list none for this file.
export const add = (a: number, b: number): number => a + b;
export const fetchLike = (url: string): string => url.toUpperCase();
