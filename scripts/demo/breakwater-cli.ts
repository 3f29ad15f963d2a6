// Runs the real `breakwater` CLI (codemods/dist/cli.js, the package's bin) as a user would.
import { existsSync } from 'node:fs';
import { BREAKWATER_CLI, REPO_ROOT } from './paths.js';
import { runToCompletion } from './processes.js';

export interface CliRun {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

export class CliMissingError extends Error {
  override name = 'CliMissingError';
}

export async function breakwater(args: readonly string[], timeoutMs = 90_000): Promise<CliRun> {
  if (!existsSync(BREAKWATER_CLI)) {
    throw new CliMissingError(`the breakwater CLI is not built (${BREAKWATER_CLI} is missing): run \`npm run build\` first`);
  }
  const result = await runToCompletion(process.execPath, [BREAKWATER_CLI, ...args], { cwd: REPO_ROOT, timeoutMs });
  return { command: `breakwater ${args.join(' ')}`, ...result };
}
