// node bench/runtime/ab.mjs [--base REV] [--rounds N] — A/B of the runtime's hot paths: the
// runtime built from runtime/src at git revision REV (default HEAD) against the working tree,
// both bundled as the package ships them (runtime/scripts/bundle-options.mjs), measured as
// bench:runtime measures (fresh process per variant and round, interleaved, median of rounds).
// For checking that a change (e.g. a smaller bundle) does not slow the breaker or the composition.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runInterleaved } from '../common/interleave.mjs';
import { formatTable } from '../common/table.mjs';
import { bundleOptions } from '../../runtime/scripts/bundle-options.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const base = opt('--base', 'HEAD');
const rounds = Number(opt('--rounds', 5));
const repo = fileURLToPath(new URL('../..', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'bw-ab-'));
mkdirSync(join(dir, 'base'));
execFileSync('sh', ['-c', `git -C "${repo}" archive "${base}" runtime/src | tar -x -C "${join(dir, 'base')}"`]);
const bundles = {};
for (const [label, root] of [['base', join(dir, 'base/runtime')], ['new', join(repo, 'runtime')]]) {
  bundles[label] = join(dir, `${label}.mjs`);
  await build({ ...bundleOptions(root), format: 'esm', outfile: bundles[label], logLevel: 'warning' });
}

const script = fileURLToPath(new URL('./variant.mjs', import.meta.url));
const variants = [{ name: 'bare', script, args: ['bare'] }];
for (const kind of ['breaker', 'composed'])
  for (const label of ['base', 'new']) variants.push({ name: `${kind} ${label}`, script, args: [kind, bundles[label]] });
const summary = await runInterleaved(variants, {
  rounds,
  onRound: (r, name, o) => process.stderr.write(`round ${r + 1}/${rounds} ${name}: ${o.ok ? o.result.ns_per_op.toFixed(1) : o.error}\n`),
});
const bare = summary.bare.ns_per_op;
console.log(`A/B: ${base} (base) vs working tree (new), median of ${rounds} rounds, CPU ns/op\n`);
console.log(
  formatTable(
    ['variant', 'ns/op', 'vs bare', 'bytes/op', 'ns/op per round'],
    variants.map(({ name }) => {
      const s = summary[name];
      return [name, s.ns_per_op.toFixed(1), `${(s.ns_per_op / bare).toFixed(2)}×`, s.bytes_per_op.toFixed(0), s.runs.map((x) => x.ns_per_op.toFixed(0)).join(' ')];
    }),
  ),
);
