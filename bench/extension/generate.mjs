// A realistic large source file for the extension's timing measurements: service code where most
// lines are ordinary logic and some are outbound calls (fetch, axios, got), protected or not, plus
// hand-rolled retries and a fan-out. Deterministic: the same `lines` always give the same text.
const BLOCK = (i) => [
  `// --- orders block ${i} ---------------------------------------------------------`,
  `export interface Order${i} { id: string; customer: string; items: Array<{ sku: string; qty: number }>; total: number }`,
  ``,
  `export function totalOf${i}(order: Order${i}): number {`,
  `  return order.items.reduce((sum, item) => sum + item.qty * ${(i % 9) + 1}, 0);`,
  `}`,
  ``,
  `export async function fetchOrder${i}(id: string): Promise<Order${i}> {`,
  `  const res = await fetch(\`https://orders${i % 5}.example.com/orders/\${id}\`${i % 2 === 0 ? ', { signal: AbortSignal.timeout(3000) }' : ''});`,
  `  if (!res.ok) throw new Error(\`orders ${i}: \${res.status}\`);`,
  `  return (await res.json()) as Order${i};`,
  `}`,
  ``,
  `export async function listCustomers${i}(page: number) {`,
  `  const { data } = await axios.get(\`https://crm.example.com/customers?page=\${page}\`${i % 3 === 0 ? '' : ', { timeout: 2000 }'});`,
  `  return data as Array<{ id: string; name: string }>;`,
  `}`,
  ``,
  `export async function notify${i}(customer: string, text: string) {`,
  `  for (let attempt = 0; attempt < 3; attempt++) {`,
  `    try {`,
  `      return await got.post('https://mail.example.com/send', { json: { customer, text }, timeout: { request: 5000 } }).json();`,
  `    } catch (error) {`,
  `      if (attempt === 2) throw error;`,
  `      await new Promise((resolve) => setTimeout(resolve, 250));`,
  `    }`,
  `  }`,
  `}`,
  ``,
  `export const summary${i} = (orders: Order${i}[]) => orders.map((o) => \`\${o.id}: \${totalOf${i}(o)}\`).join('\\n');`,
  ``,
];

/** @param {number} lines */
export function generateServiceFile(lines) {
  const out = ["import axios from 'axios';", "import got from 'got';", ''];
  for (let i = 0; out.length + BLOCK(i).length <= lines; i++) out.push(...BLOCK(i));
  // Whole blocks only (the file must parse); top up with plain declarations.
  while (out.length < lines) out.push(`export const padding${out.length} = ${out.length};`);
  return out.join('\n') + '\n';
}

/**
 * The text after the user typed `n` (digits) into a number in the middle of the file: a new
 * version per keystroke, as the editor sends them, with the same findings (the number is a
 * multiplier in plain code). Each run of a benchmark lints a text the worker has not seen.
 * @param {string} text
 * @param {number} n
 */
export function typeInto(text, n) {
  const anchor = 'item.qty * ';
  const at = text.indexOf(anchor, Math.floor(text.length / 2));
  if (at === -1) throw new Error('typeInto: the generated file has no multiplier to type into');
  // After the multiplier's first digit (1-9), so the number never starts with 0 (an octal literal).
  const cursor = at + anchor.length + 1;
  return text.slice(0, cursor) + String(n) + text.slice(cursor);
}
