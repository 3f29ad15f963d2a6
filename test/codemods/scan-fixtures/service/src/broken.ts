export function oops(value: number {
  return value;
}
