// The files a session writes besides the inputs: the per-service policy module and, with
// `runtime: 'vendor'`, the vendored runtime.
import { renderPolicyModule } from '../policy-module/index.js';
import { vendorFiles } from '../vendor/index.js';
import { RUNTIME_PACKAGE, type SessionState } from './context.js';
import { relativeSpecifier } from './imports.js';

export function sessionExtraFiles(state: SessionState, readFile: (path: string) => string | undefined): Array<{ path: string; text: string }> {
  const { options } = state;
  const out: Array<{ path: string; text: string }> = [];
  if (state.services.size > 0) {
    const extStyle = state.extensionStyle ?? options.importExtension ?? 'js';
    const runtimeSpecifier = options.runtime === 'package' ? RUNTIME_PACKAGE : relativeSpecifier(options.policyModulePath, options.vendorPath, extStyle);
    const text = renderPolicyModule({
      path: options.policyModulePath,
      existing: readFile(options.policyModulePath),
      entries: [...state.services.values()].sort((a, b) => a.exportName.localeCompare(b.exportName)).map((s) => ({ exportName: s.exportName, policyName: s.policyName, hosts: [...s.hosts].sort(), ...(s.maxAttempts !== undefined ? { maxAttempts: s.maxAttempts } : {}) })),
      runtimeSpecifier,
      timeoutMs: options.timeoutMs,
    });
    if (text !== undefined) out.push({ path: options.policyModulePath, text });
  }
  if (options.runtime === 'vendor' && state.runtimeUsed) {
    for (const file of vendorFiles(options.vendorPath)) {
      if (readFile(file.path) !== file.text) out.push(file);
    }
  }
  return out;
}
