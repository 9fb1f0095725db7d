/** Orders canonical decimal ids ("9" before "10") without overflowing on long ones. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
