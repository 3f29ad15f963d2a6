// The files a session writes besides the inputs: the per-service policy module and, with
// `runtime: 'vendor'`, the vendored runtime.
import type { SessionState } from './context.js';

export function sessionExtraFiles(state: SessionState, readFile: (path: string) => string | undefined): Array<{ path: string; text: string }> {
  void state;
  void readFile;
  return [];
}
