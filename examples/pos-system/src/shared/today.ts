/** The calendar day (UTC) as `YYYY-MM-DD`, the key the services use for "today's" orders and payments. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
