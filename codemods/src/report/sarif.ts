// `--format sarif`: SARIF 2.1.0 for code-scanning UIs. One result per finding; every rule of the
// plugin in `tool.driver.rules` with its documentation page as `helpUri`; files that could not be
// analysed as tool execution notifications. Locations are relative to the scan root (`%SRCROOT%`).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position, ScanResult } from '../scan/types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/breakwater-dev/breakwater';
const ROOT_ID = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';
const levelOf = (severity: 'error' | 'warn' | 'off'): SarifLevel => (severity === 'error' ? 'error' : severity === 'warn' ? 'warning' : 'none');

/** `require-timeout` → `RequireTimeout`: SARIF's `name` is an identifier-like rule name. */
const pascalCase = (name: string): string => name.replace(/(^|-)([a-z])/g, (_m, _dash: string, letter: string) => letter.toUpperCase());

function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  if (file === '..' || file.startsWith('../') || path.isAbsolute(file)) {
    return { uri: pathToFileURL(path.resolve(root, file)).href };
  }
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: ROOT_ID };
}

function location(position: Position, root: string): object {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(position.file, root),
      region: {
        startLine: position.line,
        startColumn: position.column,
        endLine: position.endLine,
        endColumn: position.endColumn,
      },
    },
  };
}

export function toSarif(result: ScanResult): object {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'breakwater',
            semanticVersion: result.tool.version,
            informationUri: INFORMATION_URI,
            rules: result.rules.map((rule) => ({
              id: rule.id,
              name: pascalCase(rule.name),
              shortDescription: { text: rule.description },
              ...(rule.helpUri ? { helpUri: rule.helpUri, help: { text: `${rule.description} See ${rule.helpUri}` } } : {}),
              defaultConfiguration: { enabled: rule.level !== 'off', level: rule.level === 'off' ? 'warning' : levelOf(rule.level) },
            })),
          },
        },
        originalUriBaseIds: { [ROOT_ID]: { uri: pathToFileURL(result.root.endsWith(path.sep) ? result.root : result.root + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
          level: levelOf(finding.severity),
          message: { text: finding.message },
          locations: [location(finding, result.root)],
        })),
        invocations: [
          {
            executionSuccessful: result.fileErrors.length === 0,
            toolExecutionNotifications: result.fileErrors.map((error) => ({
              level: 'error',
              descriptor: { id: `file-${error.kind}-error` },
              message: { text: `${error.file}: ${error.kind === 'parse' ? 'does not parse' : error.kind === 'read' ? 'cannot be read' : 'analysis failed'}: ${error.message}` },
              locations: [location({ ...error, endLine: error.line, endColumn: error.column }, result.root)],
            })),
          },
        ],
      },
    ],
  };
}
