// The scripted edits the demo makes to the policy module `breakwater fix` generated, printed with
// the demo's output. The CLI writes production-sized defaults, the same for every service; the
// demo needs three things they do not give:
//  1. A breaker that closes again within a two-minute run: openMs (and maxOpenMs, so repeated
//     re-opens during the fault do not double it) shortened to `openMs`.
//  2. A call's whole time bounded by its timeout: the generated retry allows maxAttempts ×
//     timeoutMs (a hung read would be tried three times); `retry.maxTotalMs = timeoutMs` still
//     retries quick failures (a refused or reset connection) but never a timed-out attempt.
//  3. Layered timeouts: POS Core's own work waits on payment and inventory, so its callers must
//     wait longer than that (`outerTimeouts`), or they give up on POS Core before POS Core can
//     answer "payment unavailable" — and open their breaker on a healthy service.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PolicyTuning {
  /** The generated policy module, when the CLI created one. */
  moduleFile: string | null;
  /** Its text as the CLI wrote it. */
  generated: string | null;
  /** One line per edit, for the demo's output. */
  edits: string[];
  /** Each policy's settings after the edits. */
  policies: Record<string, { timeoutMs: number | null; openMs: number | null }>;
}

export interface TuningWish {
  openMs: number;
  /** Per-policy timeouts (policy name → ms) for services whose own work waits on others. */
  outerTimeouts: Record<string, number>;
}

export const POLICY_MODULE = path.join('src', 'resilience', 'policies.ts');

const ENTRY = /policy\(\s*'([^']+)'\s*,\s*\{([\s\S]*?)\n\}\s*\)/g;

/** Rewrites the inside of `key: { … }` (single-line object) in `block`, or returns null when absent. */
function editObject(block: string, key: string, edit: (inner: string) => string): string | null {
  const pattern = new RegExp(`(\\b${key}:\\s*\\{)([^{}]*)(\\})`);
  if (!pattern.test(block)) return null;
  return block.replace(pattern, (_, open: string, inner: string, close: string) => `${open}${edit(inner)}${close}`);
}

function setNumber(inner: string, key: string, value: number): string {
  const pattern = new RegExp(`\\b${key}:\\s*[\\d_]+`);
  return pattern.test(inner) ? inner.replace(pattern, `${key}: ${value}`) : `${inner.replace(/\s*$/, '')}, ${key}: ${value} `;
}

function numberIn(text: string, key: string): number | null {
  const match = new RegExp(`\\b${key}:\\s*([\\d_]+)`).exec(text);
  return match ? Number(match[1]!.replace(/_/g, '')) : null;
}

export function tunePolicyText(text: string, wish: TuningWish): { text: string; edits: string[]; policies: PolicyTuning['policies'] } {
  const outer: string[] = [];
  const opened: Array<{ name: string; was: number | null }> = [];
  const budgets: string[] = [];
  const policies: PolicyTuning['policies'] = {};
  const tuned = text.replace(ENTRY, (entry: string, name: string, body: string) => {
    let block = body;
    const wanted = wish.outerTimeouts[name];
    const generatedTimeout = numberIn(block, 'timeoutMs');
    if (wanted !== undefined && generatedTimeout !== null) {
      block = block.replace(/\btimeoutMs:\s*[\d_]+/, `timeoutMs: ${wanted}`);
      outer.push(`${name}: timeoutMs ${generatedTimeout} → ${wanted}, longer than what its own calls may take`);
    }
    const timeoutMs = numberIn(block, 'timeoutMs');
    const withBreaker = editObject(block, 'breaker', (inner) => setNumber(setNumber(inner, 'openMs', wish.openMs), 'maxOpenMs', wish.openMs));
    if (withBreaker !== null) {
      opened.push({ name, was: numberIn(block, 'openMs') });
      block = withBreaker;
    }
    if (timeoutMs !== null) {
      const withBudget = editObject(block, 'retry', (inner) => setNumber(inner, 'maxTotalMs', timeoutMs));
      if (withBudget !== null) {
        budgets.push(`${name} ${timeoutMs}`);
        block = withBudget;
      }
    }
    policies[name] = { timeoutMs, openMs: numberIn(block, 'openMs') };
    return entry.replace(body, block);
  });
  const edits = [...outer];
  if (opened.length > 0) {
    const was = [...new Set(opened.map((o) => o.was ?? 'default'))].join('/');
    edits.push(`breaker openMs ${was} → ${wish.openMs}, maxOpenMs ${wish.openMs} (${opened.map((o) => o.name).join(', ')})`);
  }
  if (budgets.length > 0) edits.push(`retry maxTotalMs = the policy's timeout (${budgets.join(', ')}): a timed-out attempt is not repeated`);
  return { text: tuned, edits, policies };
}

export async function tunePolicies(dir: string, wish: TuningWish): Promise<PolicyTuning> {
  const moduleFile = path.join(dir, POLICY_MODULE);
  let generated: string;
  try {
    generated = await readFile(moduleFile, 'utf8');
  } catch {
    return { moduleFile: null, generated: null, edits: [], policies: {} };
  }
  const { text, edits, policies } = tunePolicyText(generated, wish);
  if (Object.keys(policies).length === 0) {
    throw new Error(`${moduleFile} has no policy('<name>', { … }) entries the demo can read; the generated module's shape changed`);
  }
  await writeFile(moduleFile, text);
  return { moduleFile, generated, edits, policies };
}
