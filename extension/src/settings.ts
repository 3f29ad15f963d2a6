// The extension's settings (`breakwater.*`), read through a getter so this module needs no vscode
// API: defaults, per-rule severities and validation with a readable problem for every bad value.
// A bad value never disables the extension; it falls back to the default and says so.
import type { BreakwaterSettings, ClientId, DeclaredClient, DeclaredWrapper } from 'eslint-plugin-breakwater/analysis';

export type Mode = 'auto' | 'standalone' | 'off';
export type Severity = 'error' | 'warn' | 'off';
export type RuntimeImport = 'package' | 'vendor';

export interface ExtensionSettings {
  mode: Mode;
  /** Severity per rule name (without the `breakwater/` prefix), every known rule present. */
  rules: Record<string, Severity>;
  /** `require-timeout`'s `maxMs`: timeouts above it are reported. */
  maxMs: number;
  /** The timeout that quick fixes add, and the default timeout of new policies (never above `maxMs`). */
  defaultTimeoutMs: number;
  runtime: RuntimeImport;
  /** Policy module, relative to the workspace folder (or absolute). */
  policyModule: string;
  /** Vendored runtime file (`runtime: vendor`), relative to the workspace folder (or absolute). */
  vendorPath: string;
  /** `settings.breakwater` for the analysis. */
  declared: BreakwaterSettings;
}

export const DEFAULTS = {
  mode: 'auto',
  maxMs: 30_000,
  defaultTimeoutMs: 5_000,
  runtime: 'package',
  policyModule: 'src/resilience/policies.ts',
  vendorPath: 'src/resilience/breakwater-runtime.ts',
} as const satisfies Partial<ExtensionSettings>;

const MODES: readonly Mode[] = ['auto', 'standalone', 'off'];
const RUNTIMES: readonly RuntimeImport[] = ['package', 'vendor'];
const CLIENT_IDS: readonly ClientId[] = ['fetch', 'node-fetch', 'undici', 'axios', 'got', 'ky', 'node-http', 'superagent', 'ofetch'];
const PROVIDES = ['timeout', 'retry', 'breaker', 'bulkhead'] as const;
/** ESLint's numeric severities are accepted too, as in an eslint.config. */
const SEVERITY_ALIASES: Record<string, Severity> = { error: 'error', warn: 'warn', warning: 'warn', off: 'off', '2': 'error', '1': 'warn', '0': 'off' };

export interface SettingsResult {
  settings: ExtensionSettings;
  /** One sentence per ignored value: what was wrong and what is used instead. */
  problems: string[];
}

/**
 * @param get returns the value of `breakwater.<key>` (undefined when unset)
 * @param ruleDefaults each known rule's default severity (the plugin's recommended preset)
 */
export function readSettings(get: (key: string) => unknown, ruleDefaults: Readonly<Record<string, Severity>>): SettingsResult {
  const problems: string[] = [];
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`breakwater.${key}: ${show(value)} is not one of ${allowed.join(', ')}; using "${fallback}".`);
    return fallback;
  };
  /** The user's valid value, or undefined (unset, or invalid and reported as falling back). */
  const positive = (key: string, fallback: number): number | undefined => {
    const value = get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.round(value);
    problems.push(`breakwater.${key}: ${show(value)} is not a positive number of milliseconds; using ${fallback}.`);
    return undefined;
  };
  const path = (key: string, fallback: string): string => {
    const value = get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    problems.push(`breakwater.${key}: ${show(value)} is not a file path; using "${fallback}".`);
    return fallback;
  };

  const maxMs = positive('maxMs', DEFAULTS.maxMs) ?? DEFAULTS.maxMs;
  // A fix must never write a timeout that require-timeout reports as too long, so the timeout fixes
  // write is at most maxMs. Only a timeout the user set is worth a problem: the default (5 s) above
  // a shorter maxMs is lowered silently.
  const userTimeout = positive('defaultTimeoutMs', DEFAULTS.defaultTimeoutMs);
  if (userTimeout !== undefined && userTimeout > maxMs) {
    problems.push(`breakwater.defaultTimeoutMs: ${userTimeout} is longer than breakwater.maxMs (${maxMs}), so require-timeout would report the timeouts it adds; using ${maxMs}.`);
  }
  const defaultTimeoutMs = Math.min(userTimeout ?? DEFAULTS.defaultTimeoutMs, maxMs);

  return {
    settings: {
      mode: pick('mode', MODES, DEFAULTS.mode),
      rules: readRules(get('rules'), ruleDefaults, problems),
      maxMs,
      defaultTimeoutMs,
      runtime: pick('runtime', RUNTIMES, DEFAULTS.runtime),
      policyModule: path('policyModule', DEFAULTS.policyModule),
      vendorPath: path('vendorPath', DEFAULTS.vendorPath),
      declared: {
        clients: readList(get('clients'), 'clients', readClient, problems),
        wrappers: readList(get('wrappers'), 'wrappers', readWrapper, problems),
      },
    },
    problems,
  };
}

function readRules(value: unknown, defaults: Readonly<Record<string, Severity>>, problems: string[]): Record<string, Severity> {
  const rules: Record<string, Severity> = { ...defaults };
  if (value === undefined || value === null) return rules;
  if (!isObject(value)) {
    problems.push(`breakwater.rules: expected an object such as { "require-timeout": "error" }, got ${show(value)}; using the defaults.`);
    return rules;
  }
  for (const [key, raw] of Object.entries(value)) {
    const name = key.startsWith('breakwater/') ? key.slice('breakwater/'.length) : key;
    if (!(name in defaults)) {
      problems.push(`breakwater.rules: there is no rule "${key}" (known: ${Object.keys(defaults).join(', ')}).`);
      continue;
    }
    // ESLint's array form (["error", { ... }]) is accepted for its severity.
    const level = Array.isArray(raw) ? raw[0] : raw;
    const severity = SEVERITY_ALIASES[String(level)];
    if (severity === undefined || (typeof level !== 'string' && typeof level !== 'number')) {
      problems.push(`breakwater.rules.${name}: ${show(raw)} is not "error", "warn" or "off"; using "${defaults[name]}".`);
      continue;
    }
    rules[name] = severity;
  }
  return rules;
}

function readList<T>(
  value: unknown,
  key: string,
  readItem: (item: Record<string, unknown>) => T | string,
  problems: string[],
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`breakwater.${key}: expected an array, got ${show(value)}; ignored.`);
    return [];
  }
  const items: T[] = [];
  value.forEach((item, index) => {
    const read = isObject(item) ? readItem(item) : `expected an object, got ${show(item)}`;
    if (typeof read === 'string') problems.push(`breakwater.${key}[${index}]: ${read}; this entry is ignored.`);
    else items.push(read);
  });
  return items;
}

/** A typescript-eslint style specifier, or why it is not one. */
function readSpecifier(item: Record<string, unknown>): DeclaredClient | string {
  const { from, name } = item;
  const names = typeof name === 'string' ? name : Array.isArray(name) && name.length > 0 && name.every((n) => typeof n === 'string') ? (name as string[]) : null;
  if (names === null) return `"name" must be a string or a non-empty array of strings`;
  switch (from) {
    case 'package':
      if (typeof item.package !== 'string' || item.package === '') return `"from": "package" needs "package" (the npm package name)`;
      return { from, package: item.package, name: names, kind: 'fetch' };
    case 'file':
      if (item.path !== undefined && typeof item.path !== 'string') return `"path" must be a string`;
      return typeof item.path === 'string' ? { from, name: names, path: item.path, kind: 'fetch' } : { from, name: names, kind: 'fetch' };
    case 'lib':
      return { from, name: names, kind: 'fetch' };
    default:
      return `"from" must be "package", "file" or "lib", got ${show(from)}`;
  }
}

function readClient(item: Record<string, unknown>): DeclaredClient | string {
  const specifier = readSpecifier(item);
  if (typeof specifier === 'string') return specifier;
  if (typeof item.kind !== 'string' || !(CLIENT_IDS as readonly string[]).includes(item.kind)) {
    return `"kind" must name the client it behaves like (${CLIENT_IDS.join(', ')}), got ${show(item.kind)}`;
  }
  return { ...specifier, kind: item.kind as ClientId };
}

function readWrapper(item: Record<string, unknown>): DeclaredWrapper | string {
  const specifier = readSpecifier(item);
  if (typeof specifier === 'string') return specifier;
  const provides = item.provides;
  if (!Array.isArray(provides) || provides.length === 0 || !provides.every((p) => (PROVIDES as readonly unknown[]).includes(p))) {
    return `"provides" must be a non-empty array of ${PROVIDES.join(', ')}, got ${show(provides)}`;
  }
  const { kind: _kind, ...rest } = specifier;
  return { ...rest, provides: provides as DeclaredWrapper['provides'] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
