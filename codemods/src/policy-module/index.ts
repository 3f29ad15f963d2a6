// The per-service policy module (default src/resilience/policies.ts): one named policy per service
// the code calls, with its timeout, retry, breaker and bulkhead settings — the article's
// per-service table, as code. Created when absent; when present, new services are appended and
// existing entries (and whatever the user changed in them) are left exactly as they are.
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { parseSource, releaseSource, detectStyle, quoted, type Style } from '../transforms/source.js';

export interface PolicyEntry {
  exportName: string;
  policyName: string;
  hosts: readonly string[];
  /** The retry's attempts (default 3): a replaced retry loop's own count. */
  maxAttempts?: number;
}

export interface PolicyModuleInput {
  path: string;
  /** The module's current text, or undefined when it does not exist yet. */
  existing: string | undefined;
  entries: readonly PolicyEntry[];
  /** Where `policy` is imported from (the runtime package, or a relative path to the vendored file). */
  runtimeSpecifier: string;
  timeoutMs: number;
}

const HEADER = [
  '// Per-service resilience policies: one named policy per service this code calls, holding that',
  "// service's timeout, retry, circuit breaker and bulkhead settings. Call sites go through them:",
  '//   const res = await payments.execute(({ signal }) => fetch(url, { signal }));',
  '// Tune each entry to its service (an external payment gateway is slower than an in-memory auth',
  '// service). `breakwater fix` appends new services and never changes existing entries.',
];

/** The module's new text, or undefined when it already has every entry. */
export function renderPolicyModule(input: PolicyModuleInput): string | undefined {
  if (input.existing === undefined) return createModule(input);
  return extendModule(input, input.existing);
}

/** The attempts of a new entry's retry when no retry loop says otherwise (the runtime's default too). */
export const DEFAULT_ATTEMPTS = 3;

function defaultStyle(): Style {
  return { quote: "'", semi: ';', indentUnit: '  ', eol: '\n' };
}

function entryText(entry: PolicyEntry, input: PolicyModuleInput, style: Style, policyLocal: string): string {
  const { eol, semi } = style;
  const i = style.indentUnit;
  const lines = [
    ...(entry.hosts.length > 0 ? [`/** ${entry.hosts.join(', ')} */`] : []),
    `export const ${entry.exportName} = ${policyLocal}(${quoted(style, entry.policyName)}, {`,
    `${i}timeoutMs: ${input.timeoutMs}, // per attempt`,
    `${i}retry: { maxAttempts: ${entry.maxAttempts ?? DEFAULT_ATTEMPTS}, baseDelayMs: 200, maxDelayMs: 2000 }, // transient failures only; never an unkeyed POST`,
    `${i}breaker: { failureThreshold: 5, openMs: 30000 },`,
    `${i}bulkhead: { limit: 16, queue: 32 },`,
    `})${semi}`,
  ];
  return lines.join(eol);
}

function createModule(input: PolicyModuleInput): string {
  const style = defaultStyle();
  const parts = [
    HEADER.join(style.eol),
    `import { policy } from ${quoted(style, input.runtimeSpecifier)}${style.semi}`,
    ...input.entries.map((e) => entryText(e, input, style, 'policy')),
  ];
  return parts.join(style.eol + style.eol) + style.eol;
}

function extendModule(input: PolicyModuleInput, text: string): string | undefined {
  const sf = parseSource(input.path, text);
  try {
    const style = detectStyle(sf);
    const { byExport, byPolicyName } = existingPolicies(sf);
    const missing = input.entries.filter((e) => !byExport.has(e.exportName));
    if (missing.length === 0) return undefined;

    let policyLocal = importedPolicyLocal(sf);
    let head = '';
    if (!policyLocal) {
      policyLocal = 'policy';
      head = `import { policy } from ${quoted(style, input.runtimeSpecifier)}${style.semi}${style.eol}`;
    }
    const blocks = missing.map((e) => {
      // The user renamed the entry for this policy: keep theirs and export it under the name call sites use.
      const other = byPolicyName.get(e.policyName)?.exportName;
      if (other) return `export const ${e.exportName} = ${other}${style.semi} // the '${e.policyName}' policy, under the name the call sites import`;
      return entryText(e, input, style, policyLocal!);
    });
    let body = text;
    if (head) {
      const lastImport = sf.getImportDeclarations().at(-1);
      if (lastImport) body = text.slice(0, lastImport.getEnd()) + style.eol + head.trimEnd() + text.slice(lastImport.getEnd());
      else body = head + style.eol + text;
    }
    const trimmed = body.replace(/\s*$/, '');
    return trimmed + style.eol + style.eol + blocks.join(style.eol + style.eol) + style.eol;
  } finally {
    releaseSource(sf);
  }
}

/** An entry the module already has, as far as its text tells. */
export interface ExistingPolicy {
  exportName: string;
  /** The retry's attempts: a number (the runtime's default 3 when the config leaves it out), `false` for `retry: false`, null when it cannot be read statically. */
  maxAttempts: number | false | null;
}

/**
 * The entries of an existing module, by exported name and by policy name (a user may have renamed
 * the export): `export const x = policy('name', { retry: … })`.
 */
export function readExistingPolicies(path: string, text: string): ExistingPolicies {
  const sf = parseSource(path, text);
  try {
    return existingPolicies(sf);
  } finally {
    releaseSource(sf);
  }
}

export interface ExistingPolicies {
  byExport: Map<string, ExistingPolicy>;
  byPolicyName: Map<string, ExistingPolicy>;
}

function existingPolicies(sf: SourceFile): ExistingPolicies {
  const byExport = new Map<string, ExistingPolicy>();
  const byPolicyName = new Map<string, ExistingPolicy>();
  for (const name of sf.getExportedDeclarations().keys()) byExport.set(name, { exportName: name, maxAttempts: null });
  for (const decl of sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = decl.getInitializer();
    if (!decl.isExported() || !init || !Node.isCallExpression(init)) continue;
    const [nameArg, config] = init.getArguments();
    if (!nameArg || !Node.isStringLiteral(nameArg)) continue;
    const entry = { exportName: decl.getName(), maxAttempts: configuredAttempts(config) };
    byExport.set(entry.exportName, entry);
    byPolicyName.set(nameArg.getLiteralValue(), entry);
  }
  return { byExport, byPolicyName };
}

/** `retry` of a policy config: absent or `{}` → the default; `false` → none; a literal `maxAttempts`. */
function configuredAttempts(config: Node | undefined): number | false | null {
  if (config === undefined) return DEFAULT_ATTEMPTS;
  if (!Node.isObjectLiteralExpression(config)) return null;
  if (config.getProperties().some((p) => !Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p))) return null; // a spread may set retry
  const retry = config.getProperty('retry');
  if (!retry) return DEFAULT_ATTEMPTS;
  const value = Node.isPropertyAssignment(retry) ? retry.getInitializer() : undefined;
  if (!value) return null;
  if (Node.isFalseLiteral(value)) return false;
  if (!Node.isObjectLiteralExpression(value)) return null;
  if (value.getProperties().some((p) => !Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p))) return null;
  const attempts = value.getProperty('maxAttempts');
  if (!attempts) return DEFAULT_ATTEMPTS;
  const n = Node.isPropertyAssignment(attempts) ? attempts.getInitializer() : undefined;
  return n && Node.isNumericLiteral(n) ? Number(n.getLiteralValue()) : null;
}

function importedPolicyLocal(sf: SourceFile): string | undefined {
  for (const decl of sf.getImportDeclarations()) {
    for (const n of decl.getNamedImports()) if (n.getName() === 'policy') return n.getAliasNode()?.getText() ?? 'policy';
  }
  return undefined;
}
