// Runs benchmark variants in fresh processes, interleaved: round r spawns one process per variant
// (the starting variant rotates each round), so a burst of load from other work on the machine
// hits every variant alike. Each child prints one JSON object on its last stdout line.
import { spawn } from 'node:child_process';
import { median } from './measure.mjs';

function runChild({ script, args = [], nodeArgs = [] }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0) {
        try {
          resolve({ ok: true, result: JSON.parse(last) });
          return;
        } catch {
          /* fall through: report the output */
        }
      }
      // The thrown error's own line says most; fall back to the first line of output.
      const lines = (stderr.trim() || stdout.trim()).split('\n');
      resolve({ ok: false, error: lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0] ?? `exit code ${code}` });
    });
  });
}

/**
 * variants: [{ name, script, args?, nodeArgs? }]. Returns, per variant name,
 * { runs: [result...], ns_per_op, wall_ns_per_op, bytes_per_op } with medians over rounds, or { error }.
 * onRound(round, name, outcome) reports progress.
 */
export async function runInterleaved(variants, { rounds = 5, onRound = () => {} } = {}) {
  const runs = new Map(variants.map((v) => [v.name, []]));
  const errors = new Map();
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length];
      if (errors.has(variant.name)) continue;
      const outcome = await runChild(variant);
      onRound(round, variant.name, outcome);
      if (outcome.ok) runs.get(variant.name).push(outcome.result);
      else errors.set(variant.name, outcome.error);
    }
  }
  const summary = {};
  for (const { name } of variants) {
    const results = runs.get(name);
    summary[name] = errors.has(name)
      ? { error: errors.get(name) }
      : {
          runs: results,
          ns_per_op: median(results.map((r) => r.ns_per_op)),
          wall_ns_per_op: median(results.map((r) => r.wall_ns_per_op ?? NaN)),
          bytes_per_op: median(results.map((r) => r.bytes_per_op)),
        };
  }
  return summary;
}
