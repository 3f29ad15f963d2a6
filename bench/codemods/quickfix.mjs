// Quick-fix benchmark of the codemod transforms: what the VS Code extension's fix worker pays for
// one quick fix — `createFixSession({ transforms: [t], only: range }).fixFile(path, text)` — on a
// generated service file (bench/extension/generate.mjs, the file the extension's benchmark uses),
// for a finding in the middle of it (also several transforms together, the three fixes the
// extension computes for one retry finding, and variants of the file: CommonJS, an imported
// sleep), plus the whole file without `only` (what `breakwater fix` pays per file). Same-run baselines: TypeScript's parse of the file (ts.createSourceFile), the
// same parse through a ts-morph Project, and the plugin's analysis (analyzeText), which every fix
// runs at least once. Median of --runs, CPU (process.cpuUsage) and wall ms; one warm-up run per
// case first. Measures, never asserts.
//
//   node bench/codemods/quickfix.mjs [--lines 3000] [--runs 7] [--json]
//   node bench/codemods/quickfix.mjs --compare /tmp/old/dist   # A/B: an older build of codemods/dist
//                                                               # (runs alternate, same process)
//   node --cpu-prof bench/codemods/quickfix.mjs --case retry-loop --runs 3   # profile one case
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateServiceFile } from '../extension/generate.mjs';
import { formatTable } from '../common/table.mjs';
import { median } from '../common/measure.mjs';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
    compare: { type: 'string' },
    case: { type: 'string' },
  },
});
const LINES = Number(values.lines);
const RUNS = Number(values.runs);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = async (dist) => import(pathToFileURL(path.join(dist, 'transforms', 'index.js')).href);
const variants = [{ name: 'current', api: await load(path.join(root, 'codemods', 'dist')) }];
if (values.compare) variants.push({ name: 'compare', api: await load(path.resolve(values.compare)) });
const { analyzeText } = await import('eslint-plugin-breakwater/analysis');
const { Project, ts } = await import('ts-morph');

const filePath = path.join(root, '.bench', 'src', 'orders.ts');
const text = generateServiceFile(LINES);
const { analysis } = analyzeText(text, filePath);
// The same file as CommonJS (`require`, no import/export): the transforms then look for `require`
// calls and declarations, and add a `require` of the policy module instead of an import.
const cjsText = text.replace(/^import (\w+) from ('[^']+');$/gm, 'const $1 = require($2);').replace(/^export /gm, '');
if (/^(import|export) /m.test(cjsText)) throw new Error('the CommonJS variant still has import/export statements');

// The findings nearest the middle of the file, as the extension targets them (the call's or the loop's range).
const middle = text.length / 2;
const nearestMiddle = (items, rangeOf) => [...items].sort((a, b) => Math.abs(rangeOf(a)[0] - middle) - Math.abs(rangeOf(b)[0] - middle))[0];
const fetchCall = nearestMiddle(analysis.calls.filter((c) => c.client === 'fetch' && c.timeout.status !== 'bounded'), (c) => c.range);
const loop = nearestMiddle(analysis.retries.filter((r) => r.kind === 'hand-rolled'), (r) => r.node.range);
const loopCall = analysis.calls.find((c) => c.range[0] >= loop.node.range[0] && c.range[1] <= loop.node.range[1]);
if (!fetchCall || !loop || !loopCall) throw new Error('the generated file has no unbounded fetch or hand-rolled retry near its middle');
// The same file with its retry loops waiting through an imported helper: replace-retry-loop then
// looks for the helper's other uses, to remove its import when only the replaced loops used it.
const sleepText = `import { setTimeout as sleep } from 'node:timers/promises';\n${text.replace(/await new Promise\(\(resolve\) => setTimeout\(resolve, (\d+)\)\);/g, 'await sleep($1);')}`;
if (!sleepText.includes('await sleep(')) throw new Error('the generated file has no wait to replace with sleep()');
const sleepLoop = nearestMiddle(analyzeText(sleepText, filePath).analysis.retries.filter((r) => r.kind === 'hand-rolled'), (r) => r.node.range);
const cjsFetchCall = nearestMiddle(analyzeText(cjsText, filePath).analysis.calls.filter((c) => c.client === 'fetch' && c.timeout.status !== 'bounded'), (c) => c.range);
if (!cjsFetchCall) throw new Error('the CommonJS variant has no unbounded fetch near its middle');
const lineOf = (offset, of = text) => of.slice(0, offset).split('\n').length;

const baseOptions = {
  timeoutMs: 5000,
  runtime: 'package',
  policyModulePath: path.join(root, '.bench', 'src', 'resilience', 'policies.ts'),
  vendorPath: path.join(root, '.bench', 'src', 'resilience', 'breakwater-runtime.ts'),
  readFile: () => undefined,
};

let tsMorphProject;
const cases = [
  { name: 'parse: ts.createSourceFile', kind: 'baseline', run: () => ts.createSourceFile(filePath, text, ts.ScriptTarget.ES2022, true) },
  {
    name: 'parse: ts-morph createSourceFile',
    kind: 'baseline',
    run: () => {
      tsMorphProject ??= new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
      tsMorphProject.removeSourceFile(tsMorphProject.createSourceFile(filePath, text, { overwrite: true }));
    },
  },
  { name: 'analyzeText', kind: 'baseline', run: () => analyzeText(text, filePath) },
  { name: 'fetch', transforms: ['add-timeout'], only: fetchCall.range, line: lineOf(fetchCall.range[0]) },
  { name: 'fetch', transforms: ['wrap-policy'], only: fetchCall.range, line: lineOf(fetchCall.range[0]) },
  { name: 'retry-loop', transforms: ['idempotency-key'], only: loopCall.range, line: lineOf(loopCall.range[0]) },
  { name: 'retry-loop', transforms: ['replace-retry-loop'], only: loop.node.range, line: lineOf(loop.node.range[0]) },
  { name: 'retry-loop', transforms: ['replace-retry-loop', 'wrap-policy'], only: loop.node.range, line: lineOf(loop.node.range[0]) },
  // What the extension computes for the light bulb on a no-unsafe-retry finding: its three fixes, one session each.
  {
    name: 'retry-loop',
    label: 'the 3 fixes of a no-unsafe-retry light bulb',
    steps: [
      { transforms: ['idempotency-key'], only: loopCall.range },
      { transforms: ['replace-retry-loop'], only: loop.node.range },
      { transforms: ['replace-retry-loop', 'wrap-policy'], only: loop.node.range },
    ],
    line: lineOf(loop.node.range[0]),
  },
  { name: 'sleep retry-loop', text: sleepText, transforms: ['replace-retry-loop'], only: sleepLoop.node.range, line: lineOf(sleepLoop.node.range[0], sleepText) },
  { name: 'commonjs fetch', text: cjsText, transforms: ['wrap-policy'], only: cjsFetchCall.range, line: lineOf(cjsFetchCall.range[0], cjsText) },
  { name: 'whole-file', transforms: ['idempotency-key', 'replace-retry-loop', 'wrap-policy', 'add-timeout'] },
].filter((c) => !values.case || c.name.startsWith(values.case) || c.kind === 'baseline');

/**
 * One fix of the case (or its steps, each in its own session) on the case's text with `salt` as a
 * last line: the transforms keep the last analysis for the next session on the same text (an
 * editor computes several fixes for one finding), so every timed run gets a text of its own, as
 * after an edit, and pays for its analysis. The steps of one run share the text.
 */
function fix(api, c, salt) {
  if (c.steps) return c.steps.map((step) => fix(api, { ...c, ...step, steps: undefined }, salt)).join('\0');
  const session = api.createFixSession({ ...baseOptions, transforms: c.transforms, ...(c.only ? { only: c.only } : {}) });
  const input = `${c.text ?? text}// ${salt}\n`;
  const result = session.fixFile(filePath, input);
  if (!result.ok) throw new Error(`${c.name}: ${result.error}`);
  if (result.text === input) throw new Error(`${c.name} ${c.transforms.join(',')}: nothing changed`);
  return result.text;
}

const ALL_COUNT = 4;
function caseLabel(c) {
  if (c.kind === 'baseline') return c.name;
  const what = c.label ?? (c.transforms.length === ALL_COUNT ? 'all transforms' : c.transforms.join(' + '));
  return `${c.name} · ${what}${c.only || c.steps ? ` (only, line ${c.line})` : ''}`;
}

function timed(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const wall = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  return { wall, cpu: (user + system) / 1e3, value };
}

const loadBefore = os.loadavg()[0];
const rows = [];
for (const c of cases) {
  const label = caseLabel(c);
  const runners = c.kind === 'baseline' ? [{ name: 'current', run: c.run }] : variants.map((v) => ({ name: v.name, run: (salt) => fix(v.api, c, salt) }));
  const outputs = new Map();
  for (const r of runners) outputs.set(r.name, r.run('warm-up')); // warm-up (and the outputs, to compare)
  if (runners.length > 1 && new Set(outputs.values()).size > 1) throw new Error(`${label}: the variants' outputs differ`);
  const samples = new Map(runners.map((r) => [r.name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < runners.length; k++) {
      const r = runners[(i + k) % runners.length];
      const { wall, cpu } = timed(() => r.run(`run ${i} ${r.name}`));
      samples.get(r.name).push({ wall, cpu });
    }
  }
  for (const r of runners) {
    const xs = samples.get(r.name);
    rows.push({ case: label, variant: r.name, cpuMs: median(xs.map((x) => x.cpu)), wallMs: median(xs.map((x) => x.wall)), runs: xs.map((x) => x.wall) });
  }
}
const loadAfter = os.loadavg()[0];

const baselineCpu = rows.find((r) => r.case === 'analyzeText').cpuMs;
const fmt = (n, d = 0) => n.toFixed(d);
console.log(`codemod quick-fix benchmark: generated ${LINES}-line file (${text.length} chars, ${analysis.calls.length} calls, ${analysis.retries.length} retries), ${os.cpus().length} cores, median of ${RUNS}`);
console.log(`machine load (1-min average): ${fmt(loadBefore, 2)} before, ${fmt(loadAfter, 2)} after`);
console.log('');
console.log(
  formatTable(
    ['case', ...(variants.length > 1 ? ['variant'] : []), 'CPU ms', 'wall ms', 'CPU x analyzeText', 'runs (wall ms)'],
    rows.map((r) => [r.case, ...(variants.length > 1 ? [r.variant] : []), fmt(r.cpuMs), fmt(r.wallMs), fmt(r.cpuMs / baselineCpu, 2), r.runs.map((x) => fmt(x)).join(' ')]),
  ),
);
if (values.json) console.log(JSON.stringify({ lines: LINES, runs: RUNS, loadAverage: { before: loadBefore, after: loadAfter }, rows }));
