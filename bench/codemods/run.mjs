// Benchmark of the `breakwater` CLI: generates a 1,000-file service (bench/codemods/generate.mjs)
// into a temp folder, then times `breakwater scan` and a dry-run `breakwater fix` on it as child
// processes (median of 3 runs each; scan also single-threaded), next to a same-run baseline:
// `eslint` itself running the plugin's recommended preset on the same files. Wall and CPU seconds. Prints files per second and the scan seconds
// against the target (scan <= 15 s for 1,000 files on the 2-core machine); measures, never asserts.
//
//   npm run bench:codemods                 # table
//   node bench/codemods/run.mjs --json     # ... and one JSON object on the last line
//   node bench/codemods/run.mjs --files 200 --runs 1
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable } from '../common/table.mjs';
import { generateProject } from './generate.mjs';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    files: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const TARGET_SCAN_S_PER_1000 = 15;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const cli = path.join(root, 'codemods', 'dist', 'cli.js');
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'breakwater-bench-'));
const stats = generateProject(project, FILES);
const lines = fs
  .readdirSync(path.join(project, 'src'), { recursive: true })
  .filter((f) => /\.m?ts$/.test(f))
  .reduce((sum, f) => sum + fs.readFileSync(path.join(project, 'src', f), 'utf8').split('\n').length, 0);

// The baseline's config: the same parser and preset scan uses, loaded from this repository.
const configFile = path.join(project, 'eslint.config.mjs');
fs.writeFileSync(
  configFile,
  `import parser from ${JSON.stringify(pathToFileURL(require.resolve('@typescript-eslint/parser')).href)};
import breakwater from ${JSON.stringify(pathToFileURL(path.join(root, 'eslint-plugin', 'dist', 'index.js')).href)};
export default [
  { files: ['**/*.ts', '**/*.mts'], languageOptions: { parser } },
  breakwater.configs.recommended,
];
`,
);

// Each child reports its own CPU time (all threads) on fd 3 as it exits: on a machine shared with
// other work, CPU seconds are steadier than wall seconds.
const cpuHook = `data:text/javascript,${encodeURIComponent(
  "import fs from 'node:fs'; process.on('exit', () => { try { fs.writeSync(3, JSON.stringify(process.cpuUsage())); } catch {} });",
)}`;
const devNull = fs.openSync(os.devNull, 'w');
function timeRun(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', cpuHook, ...args], {
    cwd: project,
    stdio: ['ignore', devNull, 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status === null || run.status > 1) {
    throw new Error(`${args.join(' ')} exited ${run.status}: ${String(run.stderr).slice(0, 2000)}`);
  }
  const cpu = JSON.parse(run.output[3] || '{"user":0,"system":0}');
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const commands = {
  scan: [cli, 'scan', '--format', 'json', '--fail-on', 'none', '.'],
  'scan --jobs 1': [cli, 'scan', '--jobs', '1', '--format', 'json', '--fail-on', 'none', '.'],
  'fix (dry run)': [cli, 'fix', '.'],
  'eslint (baseline)': [eslintBin, '--config', configFile, '--format', 'json', 'src'],
};

// Interleaved rounds, so load from other work on the machine spreads over all commands alike.
const loadBefore = os.loadavg()[0];
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let round = 0; round < RUNS; round++) {
  for (const [name, args] of Object.entries(commands)) samples[name].push(timeRun(args));
}
const loadAfter = os.loadavg()[0];

const baseline = median(samples['eslint (baseline)'].map((s) => s.seconds));
const baselineCpu = median(samples['eslint (baseline)'].map((s) => s.cpuSeconds));
const results = Object.entries(samples).map(([name, xs]) => {
  const seconds = median(xs.map((s) => s.seconds));
  const cpuSeconds = median(xs.map((s) => s.cpuSeconds));
  return { name, seconds, cpuSeconds, filesPerSecond: FILES / seconds, vsEslint: seconds / baseline, cpuVsEslint: cpuSeconds / baselineCpu, runs: xs.map((s) => s.seconds) };
});
const byName = Object.fromEntries(results.map((r) => [r.name, r]));
const scanSeconds = byName.scan.seconds;

const fmt = (n, digits = 2) => n.toFixed(digits);
console.log(`breakwater CLI benchmark: ${FILES} generated files (${lines} lines, ${stats.calls} outbound calls), ${os.cpus().length} cores, median of ${RUNS}`);
console.log(`call mix: ${Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`machine load (1-min average): ${fmt(loadBefore)} before, ${fmt(loadAfter)} after; wall times stretch with it, CPU times much less`);
console.log('');
console.log(
  formatTable(
    ['command', 'wall s', 'files/s', 'x eslint', 'CPU s', 'CPU x eslint', 'runs (wall s)'],
    results.map((r) => [r.name, fmt(r.seconds), fmt(r.filesPerSecond, 0), fmt(r.vsEslint), fmt(r.cpuSeconds), fmt(r.cpuVsEslint), r.runs.map((s) => fmt(s)).join(' ')]),
  ),
);
const perThousand = (scanSeconds * 1000) / FILES;
console.log('');
console.log(`scan: ${fmt(scanSeconds)} s for ${FILES} files (${fmt(perThousand)} s per 1,000; target <= ${TARGET_SCAN_S_PER_1000} s): ${perThousand <= TARGET_SCAN_S_PER_1000 ? 'within target' : 'OVER target'}`);

if (!values.keep) fs.rmSync(project, { recursive: true, force: true });
else console.log(`project kept at ${project}`);

if (values.json) {
  console.log(
    JSON.stringify({
      files: FILES,
      lines,
      calls: stats.calls,
      runs: RUNS,
      loadAverage: { before: loadBefore, after: loadAfter },
      scanSeconds,
      scanCpuSeconds: byName.scan.cpuSeconds,
      scanFilesPerSecond: byName.scan.filesPerSecond,
      scanOneThreadSeconds: byName['scan --jobs 1'].seconds,
      scanOneThreadCpuSeconds: byName['scan --jobs 1'].cpuSeconds,
      fixDryRunSeconds: byName['fix (dry run)'].seconds,
      fixDryRunCpuSeconds: byName['fix (dry run)'].cpuSeconds,
      fixFilesPerSecond: byName['fix (dry run)'].filesPerSecond,
      eslintSeconds: baseline,
      eslintCpuSeconds: baselineCpu,
      scanVsEslint: byName.scan.vsEslint,
      fixVsEslint: byName['fix (dry run)'].vsEslint,
      targetScanSeconds: TARGET_SCAN_S_PER_1000,
      withinTarget: perThousand <= TARGET_SCAN_S_PER_1000,
    }),
  );
}
