/**
 * Runs a TypeScript or JavaScript file in a fresh Node process (loaded through tsx, like mocha
 * loads the tests), so a test can check what only a whole process shows: its exit code, a heap
 * measured after gc, the resources left behind, a crash on an unhandled rejection.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  /** Extra Node flags, e.g. ['--expose-gc']. */
  nodeArgs?: string[];
  args?: string[];
  /** Kills the child after this long (default 120 s): a stuck child must not stall the suite. */
  timeoutMs?: number;
  /** Load the script without tsx (plain .js/.mjs or a CLI such as mocha's bin). */
  plain?: boolean;
}

export function runNode(script: string, options: ChildOptions = {}): Promise<ChildResult> {
  const { nodeArgs = [], args = [], timeoutMs = 120_000, plain = false } = options;
  const loader = plain ? [] : ['--import', 'tsx'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...loader, ...nodeArgs, script, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last line of a child's stdout parsed as JSON: how children report measurements. */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1);
  if (line === undefined || line === '') throw new Error('the child printed nothing on stdout');
  return JSON.parse(line) as T;
}
