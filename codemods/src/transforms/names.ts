// Identifiers the transforms generate from service names (kebab-case in the analysis).
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of undefined NaN Infinity arguments eval policy retry'.split(
    ' ',
  ),
);

/** `inventory-service` → `inventoryService`; `host-4004` → `host4004`; reserved words get a suffix. */
export function serviceIdentifier(service: string): string {
  const parts = service.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let id = parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join('');
  if (!/^[A-Za-z_$]/.test(id)) id = `service${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  if (RESERVED.has(id)) id = `${id}Service`;
  return id;
}
