// Starts the five services, each in its own process, on the article's ports (or *_PORT from the
// environment), and stops them all on Ctrl+C: `npm start` in this folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAMES } from './shared/config.js';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const children: ChildProcess[] = SERVICE_NAMES.map((service) => {
  const child = spawn(process.execPath, ['--import', 'tsx', main, service], { stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) out.write(`[${service}] ${line}\n`);
    });
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[${service}] exited (${signal ?? code}); stopping the others`);
    stop();
  });
  return child;
});

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
