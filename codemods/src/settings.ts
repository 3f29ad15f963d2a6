// `--settings <file.json>`: the declared clients and wrappers (`settings.breakwater`), read from a
// JSON file that holds them directly, as `{ "breakwater": {...} }` (a package.json, say) or as
// `{ "settings": { "breakwater": {...} } }` (an ESLint-style config object).
import fs from 'node:fs';
import type { BreakwaterSettings } from 'eslint-plugin-breakwater/analysis';
import { UsageError } from './usage-error.js';

const CLIENT_KINDS = ['fetch', 'node-fetch', 'undici', 'axios', 'got', 'ky', 'node-http', 'superagent', 'ofetch'];
const PROVIDES = ['timeout', 'retry', 'breaker', 'bulkhead'];
const SPECIFIER_SOURCES = ['package', 'file', 'lib'];
const SETTINGS_KEYS = ['clients', 'wrappers', 'policyModules'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNameList = (value: unknown): boolean =>
  typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'));

function checkSpecifier(entry: unknown, where: string): string | undefined {
  if (!isObject(entry)) return `${where} must be an object`;
  if (!SPECIFIER_SOURCES.includes(entry['from'] as string)) return `${where}.from must be one of ${SPECIFIER_SOURCES.join(', ')}`;
  if (!isNameList(entry['name'])) return `${where}.name must be a string or a list of strings`;
  if (entry['from'] === 'package' && typeof entry['package'] !== 'string') return `${where}.package must name the npm package`;
  return undefined;
}

/** Checks the shape of `settings.breakwater`; returns the first problem, or undefined. */
export function checkSettings(value: unknown): string | undefined {
  if (!isObject(value)) return 'settings.breakwater must be an object (with `clients`, `wrappers` and/or `policyModules`)';
  for (const key of Object.keys(value)) {
    if (!SETTINGS_KEYS.includes(key)) return `unknown key "${key}" in settings.breakwater (expected ${SETTINGS_KEYS.join(', ')})`;
  }
  const policyModules = value['policyModules'];
  if (policyModules !== undefined && !(Array.isArray(policyModules) && policyModules.every((m) => typeof m === 'string' && m !== ''))) {
    return 'settings.breakwater.policyModules must be a list of module specifiers';
  }
  for (const [key, list] of [['clients', value['clients']], ['wrappers', value['wrappers']]] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `settings.breakwater.${key} must be a list`;
    for (const [index, entry] of list.entries()) {
      const where = `${key}[${index}]`;
      const problem = checkSpecifier(entry, where);
      if (problem) return problem;
      const item = entry as Json;
      if (key === 'clients' && !CLIENT_KINDS.includes(item['kind'] as string)) {
        return `${where}.kind must be one of ${CLIENT_KINDS.join(', ')}`;
      }
      if (key === 'wrappers') {
        const provides = item['provides'];
        if (!Array.isArray(provides) || provides.length === 0 || !provides.every((p) => PROVIDES.includes(p as string))) {
          return `${where}.provides must be a non-empty list of ${PROVIDES.join(', ')}`;
        }
      }
    }
  }
  return undefined;
}

/** Reads the settings file; throws `UsageError` with the reason when it cannot be used. */
export function loadSettingsFile(file: string): BreakwaterSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read settings file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`settings file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  let settings: unknown = parsed;
  if (isObject(parsed) && isObject(parsed['settings']) && parsed['settings']['breakwater'] !== undefined) {
    settings = parsed['settings']['breakwater'];
  } else if (isObject(parsed) && parsed['breakwater'] !== undefined) {
    settings = parsed['breakwater'];
  }
  const problem = checkSettings(settings);
  if (problem) throw new UsageError(`settings file ${file}: ${problem}`);
  return settings as BreakwaterSettings;
}
