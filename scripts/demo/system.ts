// Starts one version of the POS system (before or after the fix): five processes on 127.0.0.1.
// Each listens on a port the OS picks (PORT=0) and prints it; services start in dependency order
// so each is told where the ones it calls are. No port is ever guessed, so any number of copies
// (the demo's two, a test's two) can run side by side.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { startProcess, stopProcess } from './processes.js';

export type ServiceName = 'payment' | 'inventory' | 'pos-core' | 'restaurant' | 'chatbot';
export type Version = 'before' | 'after';

/** Who calls whom: a service starts once those it calls are listening. */
const START_ORDER: ServiceName[][] = [['payment', 'inventory'], ['pos-core'], ['restaurant', 'chatbot']];

const READY_TIMEOUT_MS = 20_000;

/** Loaded into every service: tsx runs the TypeScript sources as they are; the other stops the
 * service with the demo. (Resolved from here, so a copy outside the repository finds them.) */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const EXIT_WITH_PARENT = new URL('./exit-with-parent.mjs', import.meta.url).href;

export interface RunningSystem {
  version: Version;
  dir: string;
  urls: Record<ServiceName, string>;
  stop(): Promise<void>;
}

function envPrefix(service: ServiceName): string {
  return service.toUpperCase().replace(/-/g, '_');
}

async function startService(
  service: ServiceName,
  dir: string,
  urls: Partial<Record<ServiceName, string>>,
  logFile: string,
  started: ChildProcess[],
): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, [`${envPrefix(service)}_PORT`]: '0' };
  for (const [other, url] of Object.entries(urls)) env[`${envPrefix(other as ServiceName)}_URL`] = url;
  const child = startProcess(
    process.execPath,
    ['--import', TSX, '--import', EXIT_WITH_PARENT, path.join(dir, 'src', 'main.ts'), service],
    { cwd: dir, env },
  );
  started.push(child);
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} did not start within ${READY_TIMEOUT_MS} ms (log: ${logFile})`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${service} (${path.basename(dir)}) exited with ${signal ?? code} before listening:\n${output.trim()}`));
    });
  });
  return url;
}

export async function startSystem(version: Version, dir: string, logDir: string): Promise<RunningSystem> {
  await mkdir(logDir, { recursive: true });
  const urls: Partial<Record<ServiceName, string>> = {};
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopProcess(child)));
  };
  try {
    for (const stage of START_ORDER) {
      const known = { ...urls };
      await Promise.all(
        stage.map(async (service) => {
          urls[service] = await startService(service, dir, known, path.join(logDir, `${version}-${service}.log`), children);
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { version, dir, urls: urls as Record<ServiceName, string>, stop };
}
