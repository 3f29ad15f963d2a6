// A service's named policy, as call sites use it: the import of its export from the policy module,
// the entry the session records for `extraFiles` to write, and what the module already holds.
import { readExistingPolicies, type ExistingPolicy } from '../policy-module/index.js';
import type { TransformContext } from './context.js';
import { relativeSpecifier } from './imports.js';
import { serviceIdentifier } from './names.js';

export interface ServicePolicy {
  /** The service name (the analysis'), passed to `policy(name, …)`. */
  service: string;
  /** The export of the policy module. */
  exportName: string;
  /** The local name this file uses for it (the import is planned, committed with the edit). */
  local: string;
}

/** Whether the file being fixed is the policy module itself (never routed through itself). */
export function isPolicyModule(ctx: TransformContext): boolean {
  return samePath(ctx.path, ctx.options.policyModulePath);
}

/** Plans the import of the service's policy and returns the names to use. */
export function usePolicy(ctx: TransformContext, service: string): ServicePolicy {
  const exportName = serviceIdentifier(service);
  const specifier = relativeSpecifier(ctx.path, ctx.options.policyModulePath, ctx.extensionStyle);
  const local = ctx.imports.use(specifier, exportName, `${exportName}Policy`);
  return { service, exportName, local };
}

/** Records that a call of `host` was routed through the policy (run when its edit is accepted). */
export function recordPolicyUse(ctx: TransformContext, policy: ServicePolicy, host: string | null | undefined, maxAttempts?: number): void {
  const { services } = ctx.session;
  const entry = services.get(policy.exportName) ?? { exportName: policy.exportName, policyName: policy.service, hosts: new Set<string>() };
  if (host) entry.hosts.add(host);
  if (maxAttempts !== undefined && entry.maxAttempts === undefined) entry.maxAttempts = maxAttempts;
  services.set(policy.exportName, entry);
  ctx.session.runtimeUsed = true;
}

/**
 * The module's existing entry for the policy (under its export name, or renamed), null when the
 * module has none (or does not exist), 'unknown' when the session cannot read the module.
 */
export function existingEntry(ctx: TransformContext, policy: ServicePolicy): ExistingPolicy | null | 'unknown' {
  const state = ctx.session;
  if (state.existingPolicies === undefined) {
    const read = state.options.readFile;
    const text = read ? read(state.options.policyModulePath) : undefined;
    state.existingPolicies = !read ? 'unknown' : text === undefined ? null : readExistingPolicies(state.options.policyModulePath, text);
  }
  const existing = state.existingPolicies;
  if (existing === 'unknown' || existing === null) return existing;
  return existing.byExport.get(policy.exportName) ?? existing.byPolicyName.get(policy.service) ?? null;
}

function samePath(a: string, b: string): boolean {
  return a.replace(/\\/g, '/') === b.replace(/\\/g, '/');
}
