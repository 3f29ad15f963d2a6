// npm run bench:runtime [-- --json] [-- --rounds N]
// Benchmarks @breakwater/runtime (built: run after `npm run build`) against a bare call,
// cockatiel and opossum. Interleaved rounds in fresh processes, median of the rounds; every ratio
// compares numbers from this same run, because the machine is shared and absolute numbers drift.
import { fileURLToPath } from 'node:url';
import { runInterleaved } from '../common/interleave.mjs';
import { bundleSize } from '../common/bundle-size.mjs';
import { formatTable } from '../common/table.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 5;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a positive integer');

const script = fileURLToPath(new URL('./variant.mjs', import.meta.url));
const variants = [
  ['bare', 'await fn()'],
  ['breaker', 'breakwater circuitBreaker'],
  ['composed', 'breakwater retry∘breaker∘bulkhead∘timeout'],
  ['policy', "breakwater policy('bench', …) (same four)"],
  ['cockatiel_breaker', 'cockatiel circuitBreaker'],
  ['cockatiel_composed', 'cockatiel wrap(retry, breaker, timeout, bulkhead)'],
  ['cockatiel_rbt', 'cockatiel wrap(retry, breaker, timeout)'],
  ['opossum', 'opossum CircuitBreaker + timeout'],
];

const started = Date.now();
const summary = await runInterleaved(
  variants.map(([name]) => ({ name, script, args: [name] })),
  {
    rounds,
    onRound: (round, name, outcome) =>
      process.stderr.write(`round ${round + 1}/${rounds} ${name}: ${outcome.ok ? `${outcome.result.ns_per_op.toFixed(1)} ns/op` : `failed (${outcome.error})`}\n`),
  },
);
// The published ESM bundle (runtime/dist/index.js, built by `npm run build:bundles -w runtime`), as a
// user's bundler minifies it: this is the size the target is about. The source bundled the same way
// (no property mangling) is shown too, with its bytes per module.
const bundle = await bundleSize(fileURLToPath(new URL('../../runtime/dist/index.js', import.meta.url)));
const source = await bundleSize(fileURLToPath(new URL('../../runtime/src/index.ts', import.meta.url)));

const ns = (name) => summary[name].ns_per_op ?? null;
const wall = (name) => summary[name].wall_ns_per_op ?? null;
const bytes = (name) => summary[name].bytes_per_op ?? null;
const ratio = (a, b) => (a === null || b === null ? null : a / b);
const fmt = (x, digits = 1) => (x === null ? 'n/a' : x.toFixed(digits));

const rows = variants.map(([name, label]) => {
  const s = summary[name];
  if (s.error) return [label, 'n/a', 'n/a', 'n/a', 'n/a', `error: ${s.error.slice(0, 80)}`];
  return [
    label,
    fmt(s.ns_per_op),
    `${fmt(ratio(s.ns_per_op, ns('bare')), 2)}×`,
    fmt(s.bytes_per_op, 0),
    fmt(s.wall_ns_per_op, 0),
    s.runs.map((r) => r.ns_per_op.toFixed(0)).join(' '),
  ];
});

const targets = [
  { key: 'breaker_vs_bare', name: 'breaker ≤ 1.7× bare', value: ratio(ns('breaker'), ns('bare')), limit: 1.7, pass: (v) => v <= 1.7, unit: '×' },
  { key: 'composed_vs_bare', name: 'composed ≤ 5× bare', value: ratio(ns('composed'), ns('bare')), limit: 5, pass: (v) => v <= 5, unit: '×' },
  { key: 'cockatiel_rbt_vs_composed', name: "composed ≥ 10× faster than cockatiel's wrap(retry, breaker, timeout)", value: ratio(ns('cockatiel_rbt'), ns('composed')), limit: 10, pass: (v) => v >= 10, unit: '×' },
  { key: 'bundle_min_gz_bytes', name: 'bundle ≤ 3,000 bytes min+gz', value: bundle.min_gz_bytes, limit: 3000, pass: (v) => v <= 3000, unit: ' B' },
];

console.log(`@breakwater/runtime benchmark — median of ${rounds} interleaved rounds, fresh process per variant and round (${Math.round((Date.now() - started) / 1000)} s, Node ${process.version})\n`);
console.log(formatTable(['variant', 'ns/op', 'vs bare', 'bytes/op', 'wall ns/op', 'ns/op per round'], rows));
console.log('\nns/op: CPU time per call (user + system), median of 5 samples per process, median over rounds.');
console.log('wall ns/op also counts time spent waiting for a core on this shared machine; ratios use CPU time.');
console.log(`\nbundle, runtime/dist/index.js (esbuild --minify, gzip -9): ${bundle.min_bytes} bytes min, ${bundle.min_gz_bytes} bytes min+gz`);
console.log(`runtime/src/index.ts bundled the same way: ${source.min_bytes} bytes min, ${source.min_gz_bytes} bytes min+gz`);
console.log(`  min bytes by module: ${Object.entries(source.modules).map(([file, bytes]) => `${file} ${bytes}`).join(' · ')}\n`);
console.log(formatTable(['target', 'measured', 'result'], targets.map((t) => [t.name, t.value === null ? 'n/a' : `${t.unit === '×' ? t.value.toFixed(2) : t.value}${t.unit}`, t.value === null ? 'n/a' : t.pass(t.value) ? 'pass' : 'MISS'])));

if (json) {
  const out = { rounds };
  for (const [name] of variants) {
    out[`${name}_ns`] = ns(name);
    out[`${name}_wall_ns`] = wall(name);
    out[`${name}_bytes_per_op`] = bytes(name);
  }
  out.bundle_min_bytes = bundle.min_bytes;
  out.bundle_min_gz_bytes = bundle.min_gz_bytes;
  out.bundle_src_min_bytes = source.min_bytes;
  out.bundle_src_min_gz_bytes = source.min_gz_bytes;
  // Per target: the measured value and whether it meets the target (null when not measured).
  out.targets = Object.fromEntries(targets.map((t) => [t.key, { value: t.value, limit: t.limit, pass: t.value === null ? null : t.pass(t.value) }]));
  console.log(JSON.stringify(out));
}
