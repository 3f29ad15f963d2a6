// npm run bench:lint — what the six Breakwater rules add to linting real code.
//
// Lints the same set of real files (the .ts/.js sources of installed packages, see corpus.mjs)
// with ESLint's Linter in two variants: parse only (typescript-eslint's parser, no rules) and with
// all six rules. The variants are interleaved file by file (alternating which goes first), so that
// whatever else the machine is doing lands on both alike; one warm-up round, then the median of 5
// rounds per variant and the overhead ratio.
// Target: the rules add at most 15 % to the parse-only time (a target, measured, not asserted).
// Both wall time and this process's CPU time are recorded; the overhead is computed on CPU time,
// which other processes on a shared machine disturb far less than wall time.
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
const fileCount = flag('--files', 1200);
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
const names = Object.keys(variants);

/** One round: every file linted with both variants, in alternating order. Returns { wall, cpu } ms per variant. */
function round(r) {
  const totals = Object.fromEntries(names.map((n) => [n, { wall: 0, cpu: 0, problems: 0 }]));
  files.forEach((f, i) => {
    const order = (i + r) % 2 === 0 ? names : [...names].reverse();
    for (const n of order) {
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const messages = linter.verify(f.text, variants[n], { filename: f.name });
      const wall = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      totals[n].wall += wall;
      totals[n].cpu += (cpu.user + cpu.system) / 1000;
      for (const m of messages) {
        if (m.fatal) throw new Error(`${f.name}: ${m.message}`);
        if (m.ruleId) totals[n].problems++;
      }
    }
  });
  findings = totals['all six rules'].problems;
  return totals;
}

const times = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]));
if (!json) console.log(`bench:lint — ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${rounds} rounds (+1 warm-up), variants interleaved file by file`);
round(1); // warm-up: JIT, module caches
for (let r = 0; r < rounds; r++) {
  const t = round(r);
  for (const n of names) {
    times[n].wall.push(t[n].wall);
    times[n].cpu.push(t[n].cpu);
  }
  if (!json) {
    const cells = names.map((n) => `${n} ${t[n].cpu.toFixed(0).padStart(6)} ms CPU ${t[n].wall.toFixed(0).padStart(6)} ms wall`);
    console.log(`  round ${r + 1}  ${cells.join('  |  ')}`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const parseCpu = median(times['parse only'].cpu);
const rulesCpu = median(times['all six rules'].cpu);
const parseWall = median(times['parse only'].wall);
const rulesWall = median(times['all six rules'].wall);
const overhead = rulesCpu / parseCpu - 1;
const wallOverhead = rulesWall / parseWall - 1;
const result = {
  files: files.length,
  megabytes: Number((bytes / 1e6).toFixed(2)),
  rounds,
  parseOnlyCpuMs: Math.round(parseCpu),
  withRulesCpuMs: Math.round(rulesCpu),
  parseOnlyWallMs: Math.round(parseWall),
  withRulesWallMs: Math.round(rulesWall),
  overhead: Number(overhead.toFixed(4)),
  wallOverhead: Number(wallOverhead.toFixed(4)),
  target: TARGET,
  withinTarget: overhead <= TARGET,
  findings,
};
if (json) console.log(JSON.stringify(result));
else {
  console.log('');
  console.log(`  median over ${rounds} rounds     CPU        wall`);
  console.log(`  parse only            ${String(result.parseOnlyCpuMs).padStart(7)} ms ${String(result.parseOnlyWallMs).padStart(7)} ms`);
  console.log(`  all six rules         ${String(result.withRulesCpuMs).padStart(7)} ms ${String(result.withRulesWallMs).padStart(7)} ms`);
  console.log(`  overhead              ${(overhead * 100).toFixed(1).padStart(6)} %  ${(wallOverhead * 100).toFixed(1).padStart(6)} %   (target ≤ ${TARGET * 100} % on CPU: ${result.withinTarget ? 'met' : 'NOT met'})`);
  console.log(`  findings              ${findings}`);
}
