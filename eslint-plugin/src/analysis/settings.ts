// `settings.breakwater`: validation with messages that say which entry is wrong and how to fix it,
// and normalisation (names as arrays) for the finders. The analysis itself never throws: it drops
// invalid entries; the ESLint rules turn the errors into a configuration error.
import type { BreakwaterSettings, ClientId, DeclaredClient, DeclaredWrapper, Specifier } from './types.js';

export const CLIENT_IDS: readonly ClientId[] = ['fetch', 'node-fetch', 'undici', 'axios', 'got', 'ky', 'node-http', 'superagent', 'ofetch'];
const PROVIDES = ['timeout', 'retry', 'breaker', 'bulkhead'] as const;

/** Module specifiers (last path segment, extension ignored) treated as the project's policy module. */
export const DEFAULT_POLICY_MODULES: readonly string[] = ['policies', 'policy', 'resilience'];

export interface NormalizedSpecifier {
  from: 'package' | 'file' | 'lib';
  package?: string;
  path?: string;
  names: string[];
}

export interface NormalizedSettings {
  clients: Array<NormalizedSpecifier & { kind: ClientId }>;
  wrappers: Array<NormalizedSpecifier & { provides: Set<'timeout' | 'retry' | 'breaker' | 'bulkhead'> }>;
  policyModules: readonly string[];
}

export interface SettingsValidation {
  settings: NormalizedSettings;
  /** One line per problem, each naming the entry (`settings.breakwater.clients[1].kind`). */
  errors: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function specifier(raw: unknown, where: string, errors: string[]): NormalizedSpecifier | null {
  if (!isObject(raw)) {
    errors.push(`${where} must be an object like { from: 'package', package: 'my-http', name: 'client' }, got ${describe(raw)}.`);
    return null;
  }
  const from = raw['from'];
  if (from !== 'package' && from !== 'file' && from !== 'lib') {
    errors.push(`${where}.from must be 'package', 'file' or 'lib', got ${describe(from)}.`);
    return null;
  }
  const name = raw['name'];
  const names = typeof name === 'string' ? [name] : Array.isArray(name) && name.every((n) => typeof n === 'string') ? (name as string[]) : null;
  if (!names || names.length === 0 || names.some((n) => n.length === 0)) {
    errors.push(`${where}.name must be a non-empty string or an array of strings, got ${describe(name)}.`);
    return null;
  }
  const out: NormalizedSpecifier = { from, names };
  if (from === 'package') {
    if (typeof raw['package'] !== 'string' || raw['package'].length === 0) {
      errors.push(`${where}.package must name the npm package that exports ${names.join(', ')} (from: 'package'), got ${describe(raw['package'])}.`);
      return null;
    }
    out.package = raw['package'];
  }
  if (from === 'file' && raw['path'] !== undefined) {
    if (typeof raw['path'] !== 'string') {
      errors.push(`${where}.path must be a string (a path or a suffix of one, like 'src/http/client.ts'), got ${describe(raw['path'])}.`);
      return null;
    }
    out.path = raw['path'];
  }
  return out;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Validates and normalises `settings.breakwater` (any value; undefined means none). */
export function validateSettings(raw: unknown): SettingsValidation {
  const errors: string[] = [];
  const settings: NormalizedSettings = { clients: [], wrappers: [], policyModules: DEFAULT_POLICY_MODULES };
  if (raw === undefined || raw === null) return { settings, errors };
  if (!isObject(raw)) {
    errors.push(`settings.breakwater must be an object with optional 'clients', 'wrappers' and 'policyModules', got ${describe(raw)}.`);
    return { settings, errors };
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'clients' && key !== 'wrappers' && key !== 'policyModules') {
      errors.push(`settings.breakwater.${key} is not a known setting (known: clients, wrappers, policyModules).`);
    }
  }
  const clients = raw['clients'];
  if (clients !== undefined) {
    if (!Array.isArray(clients)) errors.push(`settings.breakwater.clients must be an array, got ${describe(clients)}.`);
    else
      clients.forEach((c: unknown, i) => {
        const where = `settings.breakwater.clients[${i}]`;
        const spec = specifier(c, where, errors);
        if (!spec) return;
        const kind = (c as Record<string, unknown>)['kind'];
        if (typeof kind !== 'string' || !CLIENT_IDS.includes(kind as ClientId)) {
          errors.push(`${where}.kind must be the client it behaves like, one of ${CLIENT_IDS.join(', ')}; got ${describe(kind)}.`);
          return;
        }
        settings.clients.push({ ...spec, kind: kind as ClientId });
      });
  }
  const wrappers = raw['wrappers'];
  if (wrappers !== undefined) {
    if (!Array.isArray(wrappers)) errors.push(`settings.breakwater.wrappers must be an array, got ${describe(wrappers)}.`);
    else
      wrappers.forEach((w: unknown, i) => {
        const where = `settings.breakwater.wrappers[${i}]`;
        const spec = specifier(w, where, errors);
        if (!spec) return;
        const provides = (w as Record<string, unknown>)['provides'];
        if (!Array.isArray(provides) || provides.length === 0 || !provides.every((p) => (PROVIDES as readonly unknown[]).includes(p))) {
          errors.push(`${where}.provides must be a non-empty array of ${PROVIDES.map((p) => `'${p}'`).join(', ')}; got ${describe(provides)}.`);
          return;
        }
        settings.wrappers.push({ ...spec, provides: new Set(provides as Array<(typeof PROVIDES)[number]>) });
      });
  }
  const policyModules = raw['policyModules'];
  if (policyModules !== undefined) {
    if (!Array.isArray(policyModules) || !policyModules.every((p) => typeof p === 'string' && p.length > 0)) {
      errors.push(`settings.breakwater.policyModules must be an array of module names or path suffixes (like 'policies' or 'src/resilience/policies'), got ${describe(policyModules)}.`);
    } else settings.policyModules = policyModules as string[];
  }
  return { settings, errors };
}

const normalizedCache = new WeakMap<object, SettingsValidation>();

/** validateSettings, memoised per settings object (ESLint passes the same object for every file). */
export function normalizeSettings(raw: BreakwaterSettings | undefined): SettingsValidation {
  if (raw === undefined || raw === null || typeof raw !== 'object') return validateSettings(raw);
  let v = normalizedCache.get(raw);
  if (!v) normalizedCache.set(raw, (v = validateSettings(raw)));
  return v;
}

/**
 * Whether a module specifier names the project's policy module: an entry without a slash matches
 * the specifier's last segment (extension and a trailing `/index` ignored), an entry with slashes
 * matches the end of the specifier (`'src/policies'` matches `'../../src/policies.js'`).
 */
export function isPolicyModule(source: string, patterns: readonly string[]): boolean {
  const cleaned = source.replace(/\/index(\.[cm]?[jt]sx?)?$/, '').replace(/\.[cm]?[jt]sx?$/, '');
  const last = cleaned.slice(cleaned.lastIndexOf('/') + 1);
  for (const p of patterns) {
    const pattern = p.replace(/\.[cm]?[jt]sx?$/, '');
    if (!pattern.includes('/')) {
      if (last === pattern) return true;
    } else if (cleaned === pattern || cleaned.endsWith(`/${pattern.replace(/^\.?\//, '')}`)) return true;
  }
  return false;
}

export type { DeclaredClient, DeclaredWrapper, Specifier };
