// Generates a service-like project for the codemods benchmark: `count` files in nested folders with
// a realistic mix of outbound calls (fetch, axios and instances, got, undici, node:http, superagent,
// ofetch; with and without timeouts), hand-rolled retry loops, fan-outs, and plain non-HTTP code.
// Deterministic (seeded), so every run measures the same project.
import fs from 'node:fs';
import path from 'node:path';

function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['payments', 'inventory', 'users', 'orders', 'shipping', 'search', 'billing', 'notifications', 'catalog', 'auth'];

/** Each returns { imports: string[], body: string } for one function making one kind of call. */
const CALLS = {
  fetchBounded: (s, n) => ({
    imports: [],
    body: `export async function get${n}(id: string) {\n  const res = await fetch(\`https://${s}.internal.example.com/v1/items/\${id}\`, { signal: AbortSignal.timeout(2000) });\n  if (!res.ok) throw new Error(\`${s} answered \${res.status}\`);\n  return (await res.json()) as { id: string; name: string };\n}\n`,
  }),
  fetchUnbounded: (s, n) => ({
    imports: [],
    body: `export async function post${n}(payload: Record<string, unknown>) {\n  const res = await fetch('https://${s}.internal.example.com/v1/events', {\n    method: 'POST',\n    headers: { 'content-type': 'application/json' },\n    body: JSON.stringify(payload),\n  });\n  return res.status;\n}\n`,
  }),
  axiosPlain: (s, n) => ({
    imports: ["import axios from 'axios';"],
    body: `export async function create${n}(body: { amount: number }) {\n  const { data } = await axios.post('https://${s}.example.com/api/records', body);\n  return data;\n}\n`,
  }),
  axiosInstance: (s, n) => ({
    imports: ["import axios from 'axios';"],
    body: `const client${n} = axios.create({ baseURL: 'https://${s}.example.com/api', timeout: 3000 });\n\nexport async function list${n}(page = 1) {\n  const { data } = await client${n}.get('/records', { params: { page } });\n  return data as unknown[];\n}\n`,
  }),
  got: (s, n) => ({
    imports: ["import got from 'got';"],
    body: `export async function fetch${n}(id: string) {\n  return got(\`https://${s}.example.com/records/\${id}\`, { timeout: { request: 1500 } }).json<{ id: string }>();\n}\n`,
  }),
  undici: (s, n) => ({
    imports: ["import { request } from 'undici';"],
    body: `export async function raw${n}(path: string) {\n  const { statusCode, body } = await request(\`https://${s}.example.com\${path}\`);\n  return { statusCode, text: await body.text() };\n}\n`,
  }),
  nodeHttp: (s, n) => ({
    imports: ["import https from 'node:https';"],
    body: `export function ping${n}(): Promise<number> {\n  return new Promise((resolve, reject) => {\n    const req = https.request('https://${s}.example.com/health', { timeout: 1000 }, (res) => resolve(res.statusCode ?? 0));\n    req.on('error', reject);\n    req.end();\n  });\n}\n`,
  }),
  superagent: (s, n) => ({
    imports: ["import superagent from 'superagent';"],
    body: `export async function send${n}(to: string) {\n  const res = await superagent.post('https://${s}.example.com/send').send({ to }).retry(2);\n  return res.body;\n}\n`,
  }),
  ofetch: (s, n) => ({
    imports: ["import { ofetch } from 'ofetch';"],
    body: `export async function load${n}(q: string) {\n  return ofetch('https://${s}.example.com/search', { query: { q }, timeout: 2500 });\n}\n`,
  }),
  retryLoop: (s, n) => ({
    imports: ["import axios from 'axios';"],
    body: `export async function submit${n}(order: { id: string }) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await axios.post('https://${s}.example.com/orders', order, { timeout: 5000 });\n    } catch (error) {\n      if (attempt === 2) throw error;\n      await new Promise((resolve) => setTimeout(resolve, 1000));\n    }\n  }\n  throw new Error('unreachable');\n}\n`,
  }),
  fanOut: (s, n) => ({
    imports: [],
    body: `export async function loadAll${n}(ids: string[]) {\n  return Promise.all(ids.map((id) => fetch(\`https://${s}.example.com/items/\${id}\`, { signal: AbortSignal.timeout(1000) })));\n}\n`,
  }),
};
const CALL_KINDS = Object.keys(CALLS);

/** Plain code around the calls: types, validation, mapping — most of a real service file. */
function plainCode(random, n) {
  const fields = ['id', 'name', 'createdAt', 'amount', 'status', 'owner', 'tags', 'version'].slice(0, 3 + Math.floor(random() * 5));
  return `export interface Record${n} {\n${fields.map((f) => `  ${f}: ${f === 'amount' || f === 'version' ? 'number' : f === 'tags' ? 'string[]' : 'string'};`).join('\n')}\n}\n
export function validate${n}(input: unknown): input is Record${n} {
  if (typeof input !== 'object' || input === null) return false;
  const value = input as Record<string, unknown>;
${fields.map((f) => `  if (!('${f}' in value)) return false;`).join('\n')}
  return true;
}

export function summarize${n}(items: Record${n}[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = String(item.${fields[0]});
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export class Cache${n}<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();
  constructor(private readonly ttlMs = ${1000 + Math.floor(random() * 9000)}) {}
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return undefined;
    return entry.value;
  }
  set(key: string, value: T): void {
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }
}
`;
}

/**
 * Writes the project into `dir` and returns counts of what it holds.
 * About 30% of the files make no outbound call at all.
 */
export function generateProject(dir, count = 1000, seed = 20241127) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const stats = { files: 0, calls: 0, byKind: {} };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-service', private: true, type: 'module' }, null, 2));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\ndist/\n');
  for (let i = 0; i < count; i++) {
    const service = SERVICES[i % SERVICES.length];
    const plainOnly = random() < 0.3;
    const callCount = plainOnly ? 0 : 1 + Math.floor(random() * 3);
    const imports = new Set();
    const bodies = [];
    for (let c = 0; c < callCount; c++) {
      const kind = pick(CALL_KINDS);
      const { imports: needed, body } = CALLS[kind](pick(SERVICES), `${i}_${c}`);
      for (const line of needed) imports.add(line);
      bodies.push(body);
      stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
      stats.calls++;
    }
    const ext = random() < 0.85 ? '.ts' : '.mts';
    const file = path.join(dir, 'src', service, `module-${String(i).padStart(4, '0')}${ext}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `// ${service}: generated benchmark module ${i}\n${[...imports].join('\n')}\n\n${plainCode(random, i)}\n${bodies.join('\n')}`);
    stats.files++;
  }
  return stats;
}
