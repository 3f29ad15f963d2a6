// npm run bench:lint — what the six Breakwater rules add to linting real code.
//
// Lints the same set of real files (the .ts/.js sources of installed packages, see corpus.mjs)
// with ESLint's Linter twice per round: parse only (typescript-eslint's parser, no rules) and with
// all six rules. Rounds interleave the two variants (alternating which goes first), after one
// warm-up round; the report is the median of 5 rounds per variant and the overhead ratio.
// Target: the rules add at most 15 % to the parse-only time (a target, measured, not asserted).
//
//   node bench/lint/run.mjs [--files N] [--rounds R] [--json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-breakwater';
import { corpusFiles, ROOT } from './corpus.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const json = args.includes('--json');
const fileCount = flag('--files', 1500);
const rounds = flag('--rounds', 5);
const TARGET = 0.15;

const files = corpusFiles({ limit: fileCount }).map((file) => ({
  // Outside node_modules, which flat config ignores by default.
  name: path.join('corpus', path.relative(path.join(ROOT, 'node_modules'), file)),
  text: readFileSync(file, 'utf8'),
}));
if (files.length < 1000) throw new Error(`bench:lint needs at least 1000 files, found ${files.length}`);
const bytes = files.reduce((n, f) => n + f.text.length, 0);

const base = { files: ['**/*'], languageOptions: { parser: tsParser, sourceType: 'module' } };
const ruleNames = Object.keys(plugin.rules);
const variants = {
  'parse only': [base],
  'all six rules': [{ ...base, plugins: { breakwater: plugin }, rules: Object.fromEntries(ruleNames.map((r) => [`breakwater/${r}`, 'error'])) }],
};

const linter = new Linter({ configType: 'flat' });
let findings = 0;

function lintAll(config) {
  let problems = 0;
  const start = performance.now();
  for (const f of files) {
    const messages = linter.verify(f.text, config, { filename: f.name });
    for (const m of messages) {
      if (m.fatal) throw new Error(`${f.name}: ${m.message}`);
      if (m.ruleId) problems++;
    }
  }
  findings = Math.max(findings, problems);
  return performance.now() - start;
}

const names = Object.keys(variants);
const times = Object.fromEntries(names.map((n) => [n, []]));
if (!json) console.log(`bench:lint — ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${rounds} rounds (+1 warm-up), interleaved`);
for (const n of names) lintAll(variants[n]); // warm-up: JIT, module caches
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? names : [...names].reverse();
  for (const n of order) {
    const ms = lintAll(variants[n]);
    times[n].push(ms);
    if (!json) console.log(`  round ${r + 1}  ${n.padEnd(14)} ${ms.toFixed(0).padStart(7)} ms`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const parseMs = median(times['parse only']);
const rulesMs = median(times['all six rules']);
const overhead = rulesMs / parseMs - 1;
const result = {
  files: files.length,
  megabytes: Number((bytes / 1e6).toFixed(2)),
  rounds,
  parseOnlyMs: Math.round(parseMs),
  withRulesMs: Math.round(rulesMs),
  overhead: Number(overhead.toFixed(4)),
  target: TARGET,
  withinTarget: overhead <= TARGET,
  findings,
};
if (json) console.log(JSON.stringify(result));
else {
  console.log('');
  console.log(`  parse only (median)      ${result.parseOnlyMs} ms`);
  console.log(`  all six rules (median)   ${result.withRulesMs} ms`);
  console.log(`  overhead                 ${(overhead * 100).toFixed(1)} %  (target ≤ ${TARGET * 100} %: ${result.withinTarget ? 'met' : 'NOT met'})`);
  console.log(`  findings                 ${findings}`);
}
