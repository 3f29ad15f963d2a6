// Shared by the CLI/scan/engine tests: temp copies of fixture folders, the real `breakwater` bin
// as a child process, and git in a temp repository.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The built bin, as `npx breakwater` would run it. */
export const CLI = path.join(path.dirname(require.resolve('@breakwater/codemods/package.json')), 'dist', 'cli.js');

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scan-fixtures');

const made: string[] = [];

/** A fresh temp folder, removed by `removeTempDirs()`. Real path (macOS /tmp is a link). */
export function tempDir(prefix = 'breakwater-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies `scan-fixtures/<name>` into a new temp folder and returns that folder. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Writes files (creating folders) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `breakwater <args>` in `cwd` with stdout/stderr as pipes (so never a TTY). */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('FORCE_COLOR' in env)) delete childEnv['FORCE_COLOR'];
  if (!('NO_COLOR' in env)) delete childEnv['NO_COLOR'];
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** `git init` + commit everything in `dir`. */
export function commitAll(dir: string): void {
  if (!fs.existsSync(path.join(dir, '.git'))) git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fixture', '--allow-empty');
}

export const read = (root: string, file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
