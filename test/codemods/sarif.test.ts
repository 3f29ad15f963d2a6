// `breakwater scan --format sarif`: valid against the official SARIF 2.1.0 schema (vendored in
// scan-fixtures/sarif, see SOURCE.md there), one result per finding, rules with help links.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { copyFixture, FIXTURES, removeTempDirs, runCli, writeFiles } from './cli-helpers.js';

// ajv-formats is CommonJS: its default export arrives wrapped under tsx/nodenext.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
}
interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        rules: Array<{ id: string; helpUri?: string; shortDescription: { text: string }; defaultConfiguration?: { level: string; enabled: boolean } }>;
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[] }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations: SarifLocation[] }> }>;
  }>;
}

function validator(): (data: unknown) => string | undefined {
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' }));
}

describe('breakwater scan --format sarif', function () {
  this.timeout(60_000);
  afterEach(removeTempDirs);

  let dir: string;
  let sarif: SarifLog;
  let status: number | null;
  before(() => {
    dir = copyFixture('service');
    writeFiles(dir, { 'src/with space/odd name.ts': "export const odd = () => fetch('https://odd.example.com/');\n" });
    const run = runCli(['scan', '--format', 'sarif'], dir);
    status = run.status;
    sarif = JSON.parse(run.stdout) as SarifLog;
  });
  after(removeTempDirs);

  it('is valid against the official SARIF 2.1.0 JSON schema', () => {
    assert.equal(validator()(sarif), undefined);
    assert.equal(sarif.version, '2.1.0');
  });

  it('the validator does reject a broken log (the check has teeth)', () => {
    const broken = structuredClone(sarif);
    (broken.runs[0]!.results[0] as unknown as Record<string, unknown>)['level'] = 'fatal';
    assert.match(validator()(broken) ?? '', /level/);
  });

  it('has one result per finding, with rule id, level, message and a location relative to the scanned root', () => {
    const run = sarif.runs[0]!;
    const results = run.results.map((r) => {
      const loc = r.locations[0]!.physicalLocation;
      return `${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn} ${r.level} ${r.ruleId}`;
    });
    assert.deepEqual(results.sort(), [
      'src/inventory.ts:7:10 error breakwater/require-timeout',
      'src/legacy.cjs:4:15 error breakwater/require-timeout',
      'src/orders.ts:19:10 warning breakwater/no-unbounded-fanout',
      'src/orders.ts:7:20 error breakwater/no-unsafe-retry',
      'src/orders.ts:8:7 warning breakwater/retry-transient-only',
      'src/orders.ts:9:13 warning breakwater/require-backoff-jitter',
      'src/payments.ts:14:10 error breakwater/require-timeout',
      'src/payments.ts:6:10 error breakwater/require-timeout',
      'src/ui/widget.tsx:2:22 error breakwater/require-timeout',
      'src/with%20space/odd%20name.ts:1:26 error breakwater/require-timeout',
    ]);
    for (const r of run.results) {
      assert.equal(r.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
      if (r.ruleId === 'breakwater/require-timeout') assert.match(r.message.text, /timeout/);
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId);
    }
    assert.equal(run.originalUriBaseIds['%SRCROOT%']?.uri, `file://${dir}/`);
    // The region is what the rule reports: the callee `axios.post` on line 6 (columns 10 to 19, end exclusive).
    const post = run.results.find((r) => r.locations[0]!.physicalLocation.region.startLine === 6)!;
    assert.deepEqual(post.locations[0]!.physicalLocation.region, { startLine: 6, startColumn: 10, endLine: 6, endColumn: 20 });
  });

  it('lists every rule of the plugin in tool.driver.rules with a helpUri to its documentation', () => {
    const rules = sarif.runs[0]!.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id).sort(), [
      'breakwater/no-unbounded-fanout',
      'breakwater/no-unsafe-retry',
      'breakwater/require-backoff-jitter',
      'breakwater/require-circuit-breaker',
      'breakwater/require-timeout',
      'breakwater/retry-transient-only',
    ]);
    for (const rule of rules) {
      const name = rule.id.replace('breakwater/', '');
      assert.match(rule.helpUri ?? '', new RegExp(`/eslint-plugin/docs/rules/${name}\\.md$`));
    }
    // recommended: require-circuit-breaker is off there, require-timeout an error.
    assert.deepEqual(rules.find((r) => r.id === 'breakwater/require-timeout')?.defaultConfiguration, { enabled: true, level: 'error' });
    assert.equal(rules.find((r) => r.id === 'breakwater/require-circuit-breaker')?.defaultConfiguration?.enabled, false);
  });

  it('reports an unparsable file as a failed tool execution notification, and exits 3', () => {
    const invocation = sarif.runs[0]!.invocations[0]!;
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(invocation.toolExecutionNotifications.length, 1);
    const note = invocation.toolExecutionNotifications[0]!;
    assert.equal(note.level, 'error');
    assert.match(note.message.text, /src\/broken\.ts: does not parse/);
    assert.deepEqual(note.locations[0]!.physicalLocation.region, { startLine: 1, startColumn: 36, endLine: 1, endColumn: 36 });
    assert.equal(status, 3);
  });

  it('writes to --output, still valid, and is valid with no findings at all', () => {
    const clean = copyFixture('service');
    fs.rmSync(path.join(clean, 'src'), { recursive: true });
    writeFiles(clean, { 'src/ok.ts': "export const ok = () => fetch('https://ok.example.com/', { signal: AbortSignal.timeout(1000) });\n" });
    const run = runCli(['scan', '--format', 'sarif', '--output', 'out.sarif'], clean);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '');
    const log = JSON.parse(fs.readFileSync(path.join(clean, 'out.sarif'), 'utf8')) as SarifLog;
    assert.equal(validator()(log), undefined);
    assert.deepEqual(log.runs[0]!.results, []);
    assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, true);
  });
});
