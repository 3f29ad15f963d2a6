// The one scripted edit the demo makes to what `breakwater fix` generated: the breakers' open time.
// The generated policy module holds production-sized values (a breaker stays open for tens of
// seconds); a two-minute demo needs the recovery to happen within its run, so the demo shortens
// `openMs` — and prints that it did. Everything else (timeouts, retries, bulkheads) is the CLI's.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromRoot } from './paths.js';

export interface PolicyTuning {
  /** The generated policy module, when the CLI created one. */
  moduleFile: string | null;
  /** Its text as the CLI wrote it. */
  generated: string | null;
  edits: string[];
}

export const POLICY_MODULE = path.join('src', 'resilience', 'policies.ts');

export async function tunePolicies(dir: string, wanted: { openMs: number }): Promise<PolicyTuning> {
  const moduleFile = path.join(dir, POLICY_MODULE);
  let generated: string;
  try {
    generated = await readFile(moduleFile, 'utf8');
  } catch {
    return { moduleFile: null, generated: null, edits: [] };
  }
  const openMs = /openMs:\s*[\d_]+/g;
  const found = generated.match(openMs)?.length ?? 0;
  if (found === 0) return { moduleFile, generated, edits: [] };
  await writeFile(moduleFile, generated.replace(openMs, `openMs: ${wanted.openMs}`));
  return { moduleFile, generated, edits: [`${fromRoot(moduleFile)}: breaker openMs → ${wanted.openMs} in ${found} polic${found === 1 ? 'y' : 'ies'}`] };
}
