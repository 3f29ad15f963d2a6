// npm run bench:lint — what the six Breakwater rules add to linting real code.
//
// Lints the same set of real files — a fixed mix of TypeScript sources, TypeScript declarations and
// JavaScript from installed packages (see corpus.mjs) — with ESLint's Linter in two variants: parse
// only (typescript-eslint's parser, no rules) and with all six rules. The variants are interleaved
// file by file (alternating which goes first), so that whatever else the machine is doing lands on
// both alike; one warm-up round, then the median of 5 rounds per variant and the overhead ratio.
// Target: the rules add at most 15 % to the parse-only time (a target, measured, not asserted).
// Both wall time and this process's CPU time are recorded; the overhead is computed on CPU time,
// which other processes on a shared machine disturb far less than wall time.
//
// Every round checks that each file was parsed (no parsing error) by both variants and went through
// each of the six rules in the second: a config whose `files` match nothing, or a file under an
// ignored folder, is otherwise skipped by ESLint with a mere warning — and the time of a file that
// was never linted is no measurement. Any such file ends the bench with exit code 1.
//
//   node bench/lint/run.mjs [--files N] [--rounds R] [--json]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-breakwater';
import { corpusMix, countKinds, kindOf, LINT_FILES, lintName } from './corpus.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const json = args.includes('--json');
const fileCount = flag('--files', 1200);
const rounds = flag('--rounds', 5);
const TARGET = 0.15;
const MIN_FILES = 1000; // the issue's minimum; --files below it is a quick look, flagged as such

function fail(lines) {
  console.error(['bench:lint FAILED', ...lines.map((l) => `  ${l}`)].join('\n'));
  process.exit(1);
}

// Half TypeScript (two thirds of it sources with code, one third declarations), half JavaScript.
const half = Math.round(fileCount / 2);
const mix = { typescript: Math.round((half * 2) / 3), declaration: half - Math.round((half * 2) / 3), javascript: fileCount - half };
let paths;
try {
  paths = corpusMix(mix);
} catch (error) {
  fail([error.message]);
}
const files = paths.map((file) => ({ kind: kindOf(file), name: lintName(file), text: readFileSync(file, 'utf8') }));
const bytes = files.reduce((n, f) => n + f.text.length, 0);
const kinds = countKinds(paths);

// Counters that prove each file was parsed and went through every rule. Counting adds one call per
// parse (both variants alike) and one per rule per file: nothing next to the work itself.
let parses = 0;
const parser = {
  meta: tsParser.meta,
  parseForESLint(text, options) {
    parses++;
    return tsParser.parseForESLint(text, options);
  },
};
const ruleRuns = Object.fromEntries(Object.keys(plugin.rules).map((name) => [name, 0]));
const countedPlugin = {
  ...plugin,
  rules: Object.fromEntries(
    Object.entries(plugin.rules).map(([name, rule]) => [
      name,
      {
        ...rule,
        create(context) {
          ruleRuns[name]++;
          return rule.create(context);
        },
      },
    ]),
  ),
};

const base = { files: LINT_FILES, languageOptions: { parser, sourceType: 'module' } };
const ruleNames = Object.keys(plugin.rules);
const PARSE = 'parse only';
const RULES = 'all six rules';
const variants = {
  [PARSE]: [base],
  [RULES]: [{ ...base, plugins: { breakwater: countedPlugin }, rules: Object.fromEntries(ruleNames.map((r) => [`breakwater/${r}`, 'error'])) }],
};
if (ruleNames.length !== 6) fail([`expected the plugin's six rules, found ${ruleNames.length}: ${ruleNames.join(', ')}`]);

const linter = new Linter({ configType: 'flat' });
let findings = 0;
const names = Object.keys(variants);

/** Why a file's verify is no measurement: not linted, a parsing error, or a rule that did not run on it. */
function problemsOf(variant, messages, parsesBefore, runsBefore) {
  const problems = [];
  // Other fatal messages (ESLint 10's "/* eslint-env */ comments are no longer supported") come
  // from a parsed file the rules still ran on: the counters below tell.
  const parseError = messages.find((m) => m.fatal && m.message.startsWith('Parsing error'));
  if (parseError) problems.push(`did not parse: ${parseError.message} (${parseError.line}:${parseError.column})`);
  if (parses !== parsesBefore + 1) {
    // ESLint says why in a non-fatal message ("No matching configuration found", "File ignored ...").
    const why = messages.find((m) => m.ruleId === null)?.message ?? 'no message';
    problems.push(`not linted: the parser was not called (${why})`);
  }
  if (variant === RULES) {
    const skipped = ruleNames.filter((r) => ruleRuns[r] !== runsBefore[r] + 1);
    if (skipped.length > 0 && problems.length === 0) problems.push(`rules did not run: ${skipped.join(', ')}`);
  }
  return problems;
}

const KINDS = ['typescript', 'declaration', 'javascript'];

/** One round: every file linted with both variants, in alternating order. Returns { wall, cpu, cpuByKind } ms per variant. */
function round(r) {
  const totals = Object.fromEntries(names.map((n) => [n, { wall: 0, cpu: 0, cpuByKind: Object.fromEntries(KINDS.map((k) => [k, 0])), problems: 0 }]));
  const notMeasured = [];
  files.forEach((f, i) => {
    const order = (i + r) % 2 === 0 ? names : [...names].reverse();
    for (const n of order) {
      const parsesBefore = parses;
      const runsBefore = { ...ruleRuns };
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const messages = linter.verify(f.text, variants[n], { filename: f.name });
      const wall = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      totals[n].wall += wall;
      totals[n].cpu += (cpu.user + cpu.system) / 1000;
      totals[n].cpuByKind[f.kind] += (cpu.user + cpu.system) / 1000;
      for (const m of messages) if (m.ruleId) totals[n].problems++;
      for (const p of problemsOf(n, messages, parsesBefore, runsBefore)) notMeasured.push(`${f.name} [${n}]: ${p}`);
    }
  });
  if (notMeasured.length > 0) {
    fail([
      `${notMeasured.length} file lints were no measurement (of ${files.length} files x ${names.length} variants):`,
      ...notMeasured.slice(0, 20),
      ...(notMeasured.length > 20 ? [`… and ${notMeasured.length - 20} more`] : []),
    ]);
  }
  findings = totals[RULES].problems;
  return totals;
}

const percent = (ratio) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const loadBefore = load();
const coverage =
  `${kinds.typescript + kinds.declaration} TypeScript (${kinds.typescript} .ts/.mts/.cts sources, ${kinds.declaration} .d.ts/.d.mts/.d.cts declarations)` +
  ` + ${kinds.javascript} JavaScript (.js/.mjs/.cjs)`;
const times = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [], ...Object.fromEntries(KINDS.map((k) => [k, []])) }]));
if (!json) {
  console.log(`bench:lint — ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${rounds} rounds (+1 warm-up), variants interleaved file by file`);
  console.log(`  files: ${coverage}`);
  console.log(`  ${os.cpus().length} cores, load average ${loadBefore}`);
  if (files.length < MIN_FILES) console.log(`  (fewer than ${MIN_FILES} files: a quick run, not the benchmark)`);
}
round(1); // warm-up: JIT, module caches
for (let r = 0; r < rounds; r++) {
  const t = round(r);
  for (const n of names) {
    times[n].wall.push(t[n].wall);
    times[n].cpu.push(t[n].cpu);
    for (const k of KINDS) times[n][k].push(t[n].cpuByKind[k]);
  }
  if (!json) {
    const cells = names.map((n) => `${n} ${t[n].cpu.toFixed(0).padStart(6)} ms CPU ${t[n].wall.toFixed(0).padStart(6)} ms wall`);
    console.log(`  round ${r + 1}  ${cells.join('  |  ')}  |  ${percent(t[RULES].cpu / t[PARSE].cpu - 1)} CPU`);
  }
}
const loadAfter = load();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const parseCpu = median(times[PARSE].cpu);
const rulesCpu = median(times[RULES].cpu);
const parseWall = median(times[PARSE].wall);
const rulesWall = median(times[RULES].wall);
const overhead = rulesCpu / parseCpu - 1;
const wallOverhead = rulesWall / parseWall - 1;
// Where the rules' time goes by kind of file (CPU, medians over rounds).
const byKind = Object.fromEntries(
  KINDS.map((k) => {
    const parseMs = median(times[PARSE][k]);
    const rulesMs = median(times[RULES][k]);
    return [k, { files: kinds[k], parseOnlyCpuMs: Math.round(parseMs), withRulesCpuMs: Math.round(rulesMs), overhead: Number((rulesMs / parseMs - 1).toFixed(4)) }];
  }),
);
const result = {
  files: files.length,
  kinds,
  linted: { [PARSE]: files.length, [RULES]: files.length },
  megabytes: Number((bytes / 1e6).toFixed(2)),
  rounds,
  parseOnlyCpuMs: Math.round(parseCpu),
  withRulesCpuMs: Math.round(rulesCpu),
  parseOnlyWallMs: Math.round(parseWall),
  withRulesWallMs: Math.round(rulesWall),
  overhead: Number(overhead.toFixed(4)),
  wallOverhead: Number(wallOverhead.toFixed(4)),
  byKind,
  target: TARGET,
  withinTarget: overhead <= TARGET,
  findings,
  loadAverage: { before: loadBefore, after: loadAfter },
};
if (json) console.log(JSON.stringify(result));
else {
  console.log('');
  console.log(`  median over ${rounds} rounds     CPU        wall`);
  console.log(`  parse only            ${String(result.parseOnlyCpuMs).padStart(7)} ms ${String(result.parseOnlyWallMs).padStart(7)} ms`);
  console.log(`  all six rules         ${String(result.withRulesCpuMs).padStart(7)} ms ${String(result.withRulesWallMs).padStart(7)} ms`);
  console.log(`  overhead              ${(overhead * 100).toFixed(1).padStart(6)} %  ${(wallOverhead * 100).toFixed(1).padStart(6)} %   (target ≤ ${TARGET * 100} % on CPU: ${result.withinTarget ? 'met' : 'NOT met'})`);
  const label = { typescript: '.ts sources', declaration: '.d.ts', javascript: '.js' };
  for (const k of KINDS) {
    const b = byKind[k];
    console.log(`    ${`${label[k]} (${b.files})`.padEnd(20)}${String(b.parseOnlyCpuMs).padStart(7)} ms → ${String(b.withRulesCpuMs).padStart(5)} ms CPU  ${percent(b.overhead).padStart(8)}`);
  }
  console.log(`  findings              ${findings}`);
  console.log(`  linted                every file by both variants, all six rules on each: ${coverage}`);
  console.log(`  load average          ${loadBefore} before, ${loadAfter} after`);
}
