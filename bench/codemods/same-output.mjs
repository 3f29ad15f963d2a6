// Checks that a build of the codemod transforms gives exactly the outputs of another build (for
// performance work: a faster transform must not change a byte). Over a corpus — the transform
// fixtures' inputs, the fixture projects, the scan fixtures, files of the CLI benchmark's generated
// project and the extension benchmark's generated service file — it runs, with each build:
// every transform alone, all together, and replace-retry-loop with wrap-policy (the editor's loop
// quick fix), on the whole file and with `only` set to each call, retry construct and fan-out of
// the file (the quick-fix path).
// Compares the text, the change notes and the extra files (policy module, vendored runtime).
// Exit code 1 on the first difference, with the file, the options and both outputs.
//
//   git worktree add --detach /tmp/bw-head HEAD && ln -s "$PWD/node_modules" /tmp/bw-head/node_modules \
//     && ln -s "$PWD/codemods/node_modules" /tmp/bw-head/codemods/node_modules && (cd /tmp/bw-head && npx tsc -b codemods)
//   (change, build)
//   node bench/codemods/same-output.mjs --before /tmp/bw-head/codemods/dist [--after dist] [--max-only 40] [--project-files 30]
//     [--except <regexp of corpus paths whose output the change is meant to alter>] [--keep-going]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateServiceFile } from '../extension/generate.mjs';
import { generateProject } from './generate.mjs';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    'max-only': { type: 'string', default: '40' },
    'project-files': { type: 'string', default: '30' },
    // Files whose output a change is meant to alter (a regular expression on the corpus path).
    except: { type: 'string' },
    // Report every difference (the lines of the fixed text that differ) instead of stopping at the first.
    'keep-going': { type: 'boolean', default: false },
  },
});
if (!values.before) throw new Error('--before <dist folder of the other build> is required');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = async (dist) => import(pathToFileURL(path.join(path.resolve(dist), 'transforms', 'index.js')).href);
const before = await load(values.before);
const after = await load(values.after ?? path.join(root, 'codemods', 'dist'));
const { analyzeText } = await import('eslint-plugin-breakwater/analysis');
const MAX_ONLY = Number(values['max-only']);

/** [virtual path, text] for every file of the corpus. */
function corpus() {
  const files = [];
  const walk = (dir, virtualDir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, `${virtualDir}/${entry.name}`);
      else if (/\.(m|c)?[jt]sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push([`${virtualDir}/${entry.name.replace(/\.(input|output)(?=\.)/, '')}`, fs.readFileSync(full, 'utf8')]);
    }
  };
  walk(path.join(root, 'test', 'codemods', 'fixtures'), '/project/src/fixtures');
  walk(path.join(root, 'test', 'codemods', 'scan-fixtures'), '/project/src/scan');
  const generated = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-same-output-'));
  try {
    generateProject(generated, Number(values['project-files']));
    walk(path.join(generated, 'src'), '/project/src/generated');
  } finally {
    fs.rmSync(generated, { recursive: true, force: true });
  }
  const service = generateServiceFile(600);
  files.push(['/project/src/service/orders.ts', service]);
  // Its retry loops waiting through an imported helper (replace-retry-loop removes the import when
  // only the replaced loops used it).
  const sleeping = service.replace(/await new Promise\(\(resolve\) => setTimeout\(resolve, (\d+)\)\);/g, 'await sleep($1);');
  files.push(['/project/src/service/orders-sleep.ts', `import { setTimeout as sleep } from 'node:timers/promises';\n${sleeping}`]);
  // Each file also with CRLF line endings (the fixtures tests run both).
  return [...files, ...files.map(([p, t]) => [p.replace(/(\.\w+)$/, '.crlf$1'), t.replace(/\r?\n/g, '\r\n')])];
}

const ALL = ['idempotency-key', 'replace-retry-loop', 'wrap-policy', 'add-timeout'];
/** Every transform together, each alone, and the pair the editor's loop quick fix runs. */
const TRANSFORM_SETS = [ALL, ...ALL.map((t) => [t]), ['replace-retry-loop', 'wrap-policy']];
const optionSets = (vendor) => ({
  timeoutMs: 5000,
  runtime: vendor ? 'vendor' : 'package',
  policyModulePath: '/project/src/resilience/policies.ts',
  vendorPath: vendor ? '/project/src/vendor/breakwater-runtime.js' : '/project/src/vendor/breakwater-runtime.ts',
  readFile: (p) => (p === '/project/src/resilience/policies.ts' ? "import { policy } from '@breakwater/runtime';\n\nexport const ordersExampleCom = policy('orders.example.com', { timeoutMs: 1000 });\n" : undefined),
});

function run(api, path_, text, options) {
  const session = api.createFixSession(options);
  const result = session.fixFile(path_, text);
  // Errors are compared without their stack (paths of the two builds differ).
  const comparable = result.ok ? result : { ...result, error: result.error.split('\n')[0] };
  return JSON.stringify({ result: comparable, extra: session.extraFiles(options.readFile) });
}

/** The lines of the fixed texts that differ (or, when only notes or extra files differ, those). */
function differingLines(a, b) {
  const textA = (a.result.text ?? a.result.error ?? '').split('\n');
  const textB = (b.result.text ?? b.result.error ?? '').split('\n');
  const out = [];
  for (let i = 0; i < Math.max(textA.length, textB.length); i++) {
    if (textA[i] !== textB[i]) out.push(`  - ${textA[i] ?? ''}`, `  + ${textB[i] ?? ''}`);
  }
  if (out.length === 0) out.push(`  (the text is the same; ${JSON.stringify(a.result.changes) === JSON.stringify(b.result.changes) ? 'the extra files differ' : 'the change notes differ'})`);
  return out.join('\n');
}

let checked = 0;
let different = 0;
const started = performance.now();
const except = values.except ? new RegExp(values.except) : null;
let skipped = 0;
for (const [file, text] of corpus()) {
  if (except?.test(file)) {
    skipped++;
    continue;
  }
  const { analysis } = analyzeText(text, file);
  const ranges = [...analysis.calls.map((c) => c.range), ...analysis.retries.map((r) => r.node.range), ...analysis.fanOuts.map((f) => f.node.range)];
  const onlys = [undefined, ...ranges.slice(0, MAX_ONLY)];
  for (const only of onlys) {
    for (const transforms of TRANSFORM_SETS) {
      for (const vendor of only ? [false] : [false, true]) {
        const options = { ...optionSets(vendor), transforms, ...(only ? { only } : {}) };
        const a = run(before, file, text, options);
        const b = run(after, file, text, options);
        checked++;
        if (a !== b) {
          console.error(`DIFFERENT: ${file} transforms=${transforms.join(',')} only=${only ? only.join('-') : 'none'} vendor=${vendor}`);
          if (!values['keep-going']) {
            console.error(`--- before\n${a}\n--- after\n${b}`);
            process.exit(1);
          }
          different++;
          console.error(differingLines(JSON.parse(a), JSON.parse(b)));
        }
      }
    }
  }
}
if (different > 0) {
  console.log(`DIFFERENT: ${different} of ${checked} runs`);
  process.exit(1);
}
console.log(`same output: ${checked} runs compared in ${((performance.now() - started) / 1000).toFixed(0)} s${skipped ? `; ${skipped} files left out by --except` : ''}`);
