#!/usr/bin/env node
// The `breakwater` command: `scan` (inventory and findings) and `fix` (dry-run diff, or --write).
// Exit codes (also in README.md and `breakwater --help`):
//   0  success
//   1  scan: findings at or above --fail-on
//   2  usage or configuration error, or an internal error (nothing was scanned or written)
//   3  some files could not be parsed, read or transformed (the others were processed and reported)
//   4  fix --write refused to write (uncommitted changes in git, or git could not be read)
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BreakwaterSettings } from 'eslint-plugin-breakwater/analysis';
import type { FixResult } from './fix/types.js';
import { createProgress } from './report/progress.js';
import { colorEnabled, painter } from './report/style.js';
import { PRESETS, type Preset } from './scan/presets.js';
import type { ScanResult } from './scan/types.js';
import { loadSettingsFile } from './settings.js';
import { ALL_TRANSFORMS, type TransformName } from './transforms/api.js';
import { UsageError } from './usage-error.js';
import { TOOL_VERSION } from './version.js';

const EXIT = { ok: 0, findings: 1, usage: 2, fileErrors: 3, refused: 4 } as const;

const HELP = `breakwater ${TOOL_VERSION}: find outbound HTTP calls that can hang or retry unsafely, and fix them

Usage:
  breakwater scan [paths..]   inventory of outbound calls and their protection, plus findings
  breakwater fix [paths..]    rewrite calls to be bounded and guarded (dry run: prints a diff)

Paths are files or folders (default: .). Folders are walked respecting .gitignore files;
node_modules, .git and build output (dist, build, coverage, .next, …) are skipped.

scan options:
  --format table|json|sarif   output format (default: table)
  --output <file>             write the report to a file instead of stdout
  --fail-on warn|error|none   exit 1 when a finding is at or above this level (default: error)
  --preset recommended|strict which of the plugin's presets decides the findings (default: recommended)
  --root <dir>                paths in the report are relative to this folder (default: .)
  --settings <file.json>      declared clients and wrappers (settings.breakwater)
  --jobs <n>                  worker threads (default: one per idle core, up to 4, from 200 files)
  --max-ms <ms>               longest acceptable timeout; a longer one is a require-timeout
                              finding (default: 30000, the rule's default)

fix options:
  --transform <name>          add-timeout, wrap-policy, idempotency-key, replace-retry-loop
                              (repeatable or comma-separated; default: all four)
  --timeout-ms <ms>           timeout that add-timeout and new policies use (default: 5000)
  --max-ms <ms>               longest acceptable timeout: a longer existing one is fixed too, as
                              scan --max-ms would report it (default: 30000; at least --timeout-ms)
  --runtime package|vendor    import @breakwater/runtime, or a runtime file copied into the project
  --policy-module <path>      the per-service policy module (default: src/resilience/policies.ts
                              in the project root, the nearest folder with a package.json;
                              .js or .mjs in a JavaScript project)
  --vendor-path <path>        where --runtime vendor puts the runtime (default: beside the policy module)
  --write                     apply the changes (refused when files to be written have uncommitted
                              git changes, unless --force)
  --force                     write despite uncommitted changes
  --format text|json          diff and summary, or one JSON object (default: text)
  --quiet                     no diff, summary only
  --settings <file.json>      declared clients and wrappers (settings.breakwater)

Exit codes:
  0  success
  1  scan: findings at or above --fail-on
  2  usage or configuration error (or an internal error)
  3  some files could not be parsed, read or transformed (the others were processed)
  4  fix --write refused to write (uncommitted changes; see the message)
`;

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function parse(args: string[], options: ParseArgsConfig['options']): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A numeric option: a positive whole number (no units, no sign, no decimals), or undefined when not given. */
function positiveWhole(value: unknown, option: string, what: string): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) === 0) throw new UsageError(`--${option} must be a positive whole number ${what}, not "${text}"`);
  return Number(text);
}

function settingsFrom(value: unknown): BreakwaterSettings | undefined {
  const file = str(value);
  return file === undefined ? undefined : loadSettingsFile(file);
}

async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    preset: { type: 'string' },
    root: { type: 'string' },
    settings: { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    'max-ms': { type: 'string' },
  });
  if (values['help']) return printHelp(io);
  const format = oneOf(str(values['format']), ['table', 'json', 'sarif'] as const, 'format', 'table');
  const jobs = positiveWhole(values['jobs'], 'jobs', 'of threads');
  const maxMs = positiveWhole(values['max-ms'], 'max-ms', 'of milliseconds');
  const failOn = oneOf(str(values['fail-on']), ['warn', 'error', 'none'] as const, 'fail-on', 'error');
  const preset = oneOf<Preset>(str(values['preset']), PRESETS, 'preset', 'recommended');
  const settings = settingsFrom(values['settings']);
  const output = str(values['output']);

  // The scanner (ESLint, TypeScript) loads only now: --help and usage errors stay instant.
  const { scan } = await import('./scan/scan.js');
  const progress = createProgress(io.stderr, 'breakwater scan');
  let result: ScanResult;
  try {
    result = await scan(positionals, {
      cwd: io.cwd,
      root: str(values['root']) ?? '.',
      preset,
      ...(settings ? { settings } : {}),
      ...(jobs !== undefined ? { jobs } : {}),
      ...(maxMs !== undefined ? { maxMs } : {}),
      onProgress: (d, t) => progress.update(d, t),
    });
  } finally {
    progress.end();
  }

  const toTerminal = output === undefined;
  const paint = painter(toTerminal && colorEnabled(io.stdout, io.env));
  const { formatTable } = await import('./report/table.js');
  const { toSarif } = await import('./report/sarif.js');
  const text = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : format === 'sarif' ? `${JSON.stringify(toSarif(result), null, 2)}\n` : formatTable(result, paint);
  if (output !== undefined) {
    try {
      fs.writeFileSync(output, text);
    } catch (error) {
      throw new UsageError(`cannot write ${output}: ${(error as Error).message}`);
    }
    io.stderr.write(`breakwater scan: ${result.totals.calls} calls, ${result.totals.findings.total} findings; report written to ${output}\n`);
  } else {
    io.stdout.write(text);
  }
  for (const error of result.fileErrors) {
    // Also on stderr, so a JSON/SARIF consumer's terminal still shows which files were not scanned.
    if (format !== 'table' || output !== undefined) io.stderr.write(`breakwater: ${error.file}:${error.line}:${error.column}: ${error.kind} error: ${error.message}\n`);
  }

  if (result.fileErrors.length > 0) return EXIT.fileErrors;
  const { error, warn } = result.totals.findings;
  if ((failOn === 'error' && error > 0) || (failOn === 'warn' && error + warn > 0)) return EXIT.findings;
  return EXIT.ok;
}

function transformsFrom(value: unknown): TransformName[] | undefined {
  const list = Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
  const names = list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (names.length === 0) return undefined;
  for (const name of names) {
    if (!(ALL_TRANSFORMS as readonly string[]).includes(name)) throw new UsageError(`unknown transform "${name}" (choose from ${ALL_TRANSFORMS.join(', ')})`);
  }
  return [...new Set(names)] as TransformName[];
}

async function runFix(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    transform: { type: 'string', multiple: true, short: 't' },
    'timeout-ms': { type: 'string' },
    'max-ms': { type: 'string' },
    runtime: { type: 'string' },
    'policy-module': { type: 'string' },
    'vendor-path': { type: 'string' },
    write: { type: 'boolean' },
    force: { type: 'boolean' },
    format: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    settings: { type: 'string' },
  });
  if (values['help']) return printHelp(io);
  const format = oneOf(str(values['format']), ['text', 'json'] as const, 'format', 'text');
  const timeoutMs = positiveWhole(values['timeout-ms'], 'timeout-ms', 'of milliseconds');
  const maxMs = positiveWhole(values['max-ms'], 'max-ms', 'of milliseconds');
  const settings = settingsFrom(values['settings']);
  const write = values['write'] === true;
  const transforms = transformsFrom(values['transform']);
  const runtime = oneOf(str(values['runtime']), ['package', 'vendor'] as const, 'runtime', 'package');
  const policyModule = str(values['policy-module']);
  const vendorPath = str(values['vendor-path']);

  const { fix } = await import('./fix/engine.js');
  const { formatFixSummary } = await import('./report/fix-summary.js');
  const progress = createProgress(io.stderr, 'breakwater fix');
  let result: FixResult;
  try {
    result = await fix(positionals, {
      cwd: io.cwd,
      ...(transforms ? { transforms } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(maxMs !== undefined ? { maxMs } : {}),
      runtime,
      ...(policyModule ? { policyModule } : {}),
      ...(vendorPath ? { vendorPath } : {}),
      ...(settings ? { settings } : {}),
      write,
      force: values['force'] === true,
      onProgress: (d, t) => progress.update(d, t),
    });
  } finally {
    progress.end();
  }

  if (format === 'json') {
    const { changes, ...rest } = result;
    const printable = { ...rest, changes: changes.map(({ before: _b, after: _a, ...change }) => change) };
    io.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
  } else {
    if (!write && values['quiet'] !== true) for (const change of result.changes) io.stdout.write(change.diff);
    io.stderr.write(formatFixSummary(result, painter(colorEnabled(io.stderr, io.env)), !write));
  }
  if (result.refused) return result.refused.reason === 'extra-files-failed' ? EXIT.fileErrors : EXIT.refused;
  if (result.skipped.length > 0) return EXIT.fileErrors;
  return EXIT.ok;
}

function printHelp(io: Io): number {
  io.stdout.write(HELP);
  return EXIT.ok;
}

async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest, io);
      case 'fix':
        return await runFix(rest, io);
      case '--version':
      case '-v':
        io.stdout.write(`${TOOL_VERSION}\n`);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        return printHelp(io);
      default:
        throw new UsageError(`unknown command "${command}" (expected scan or fix)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`breakwater: ${error.message}\nRun \`breakwater --help\` for usage.\n`);
      return EXIT.usage;
    }
    // A bug or a broken installation: say so plainly, with the stack for a bug report.
    io.stderr.write(`breakwater: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}

const exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
process.exitCode = exitCode;
