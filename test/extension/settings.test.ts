import assert from 'node:assert/strict';
import { readSettings, DEFAULTS, type Severity } from '../../extension/src/settings.js';

const RULE_DEFAULTS: Record<string, Severity> = {
  'require-timeout': 'error',
  'no-unsafe-retry': 'error',
  'require-circuit-breaker': 'off',
  'require-backoff-jitter': 'warn',
};

/** A getter over plain values, as vscode's WorkspaceConfiguration.get answers. */
const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('extension settings', () => {
  it('uses the defaults when nothing is set, and reports nothing', () => {
    const { settings, problems } = readSettings(from({}), RULE_DEFAULTS);
    assert.deepEqual(problems, []);
    assert.equal(settings.mode, 'auto');
    assert.deepEqual(settings.rules, RULE_DEFAULTS);
    assert.equal(settings.maxMs, 30_000);
    assert.equal(settings.defaultTimeoutMs, 5_000);
    assert.equal(settings.runtime, 'package');
    assert.equal(settings.policyModule, DEFAULTS.policyModule);
    assert.deepEqual(settings.declared, { clients: [], wrappers: [] });
  });

  it('overrides one rule and keeps the others at their defaults', () => {
    const { settings, problems } = readSettings(from({ rules: { 'require-circuit-breaker': 'warn', 'breakwater/require-timeout': 'off' } }), RULE_DEFAULTS);
    assert.deepEqual(problems, []);
    assert.equal(settings.rules['require-circuit-breaker'], 'warn');
    assert.equal(settings.rules['require-timeout'], 'off');
    assert.equal(settings.rules['no-unsafe-retry'], 'error');
  });

  it("accepts ESLint's numeric and array severities", () => {
    const { settings } = readSettings(from({ rules: { 'require-timeout': 1, 'no-unsafe-retry': ['warn', { maxMs: 1 }], 'require-backoff-jitter': 0 } }), RULE_DEFAULTS);
    assert.equal(settings.rules['require-timeout'], 'warn');
    assert.equal(settings.rules['no-unsafe-retry'], 'warn');
    assert.equal(settings.rules['require-backoff-jitter'], 'off');
  });

  it('ignores an invalid severity or an unknown rule, says which, and keeps the default', () => {
    const { settings, problems } = readSettings(from({ rules: { 'require-timeout': 'loud', 'require-timout': 'warn' } }), RULE_DEFAULTS);
    assert.equal(settings.rules['require-timeout'], 'error');
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /require-timeout.*"loud".*"error"/);
    assert.match(problems[1]!, /no rule "require-timout"/);
  });

  it('rejects a non-object rules value as a whole', () => {
    const { settings, problems } = readSettings(from({ rules: 'error' }), RULE_DEFAULTS);
    assert.deepEqual(settings.rules, RULE_DEFAULTS);
    assert.match(problems[0]!, /breakwater\.rules: expected an object/);
  });

  it('falls back on bad mode, timeouts, runtime and paths, one problem each', () => {
    const { settings, problems } = readSettings(from({ mode: 'sometimes', maxMs: -5, defaultTimeoutMs: '5000', runtime: 'npm', policyModule: '  ' }), RULE_DEFAULTS);
    assert.equal(settings.mode, 'auto');
    assert.equal(settings.maxMs, 30_000);
    assert.equal(settings.defaultTimeoutMs, 5_000);
    assert.equal(settings.runtime, 'package');
    assert.equal(settings.policyModule, DEFAULTS.policyModule);
    assert.equal(problems.length, 5);
    assert.ok(problems.every((p) => /using/.test(p)));
  });

  it('reads valid values', () => {
    const { settings, problems } = readSettings(from({ mode: 'standalone', maxMs: 10_000, defaultTimeoutMs: 2_500.4, runtime: 'vendor', policyModule: 'lib/policies.ts' }), RULE_DEFAULTS);
    assert.deepEqual(problems, []);
    assert.equal(settings.mode, 'standalone');
    assert.equal(settings.maxMs, 10_000);
    assert.equal(settings.defaultTimeoutMs, 2_500);
    assert.equal(settings.runtime, 'vendor');
    assert.equal(settings.policyModule, 'lib/policies.ts');
  });

  describe('defaultTimeoutMs is never above maxMs (a fix must not write a timeout require-timeout reports)', () => {
    it('lowers a defaultTimeoutMs the user set above maxMs to maxMs, and says so once', () => {
      const { settings, problems } = readSettings(from({ maxMs: 10_000, defaultTimeoutMs: 15_000 }), RULE_DEFAULTS);
      assert.equal(settings.maxMs, 10_000);
      assert.equal(settings.defaultTimeoutMs, 10_000);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /^breakwater\.defaultTimeoutMs: 15000 is longer than breakwater\.maxMs \(10000\).*using 10000\.$/);
    });

    it('compares with the default maxMs (30 s) when only defaultTimeoutMs is set', () => {
      const { settings, problems } = readSettings(from({ defaultTimeoutMs: 45_000 }), RULE_DEFAULTS);
      assert.equal(settings.defaultTimeoutMs, 30_000);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /45000 is longer than breakwater\.maxMs \(30000\)/);
    });

    it('keeps a defaultTimeoutMs equal to maxMs (only longer timeouts are reported)', () => {
      const { settings, problems } = readSettings(from({ maxMs: 8_000, defaultTimeoutMs: 8_000 }), RULE_DEFAULTS);
      assert.equal(settings.defaultTimeoutMs, 8_000);
      assert.deepEqual(problems, []);
    });

    it('lowers the default timeout (5 s) below a shorter maxMs without a problem: the user set no timeout', () => {
      const { settings, problems } = readSettings(from({ maxMs: 2_000 }), RULE_DEFAULTS);
      assert.equal(settings.maxMs, 2_000);
      assert.equal(settings.defaultTimeoutMs, 2_000);
      assert.deepEqual(problems, []);
    });

    it('reports an explicitly set 5000 above a shorter maxMs (the value equals the default, but the user chose it)', () => {
      const { settings, problems } = readSettings(from({ maxMs: 2_000, defaultTimeoutMs: 5_000 }), RULE_DEFAULTS);
      assert.equal(settings.defaultTimeoutMs, 2_000);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /defaultTimeoutMs: 5000 is longer than breakwater\.maxMs \(2000\)/);
    });

    it('reports an invalid defaultTimeoutMs once, as invalid, and lowers the fallback silently', () => {
      const { settings, problems } = readSettings(from({ maxMs: 2_000, defaultTimeoutMs: 'soon' }), RULE_DEFAULTS);
      assert.equal(settings.defaultTimeoutMs, 2_000);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /defaultTimeoutMs: "soon" is not a positive number/);
    });

    it('uses the default maxMs when the set one is invalid, and clamps against that', () => {
      const { settings, problems } = readSettings(from({ maxMs: 0, defaultTimeoutMs: 40_000 }), RULE_DEFAULTS);
      assert.equal(settings.maxMs, 30_000);
      assert.equal(settings.defaultTimeoutMs, 30_000);
      assert.equal(problems.length, 2);
      assert.match(problems[0]!, /breakwater\.maxMs: 0 is not a positive number/);
      assert.match(problems[1]!, /defaultTimeoutMs: 40000 is longer than breakwater\.maxMs \(30000\)/);
    });
  });

  it('passes declared clients and wrappers through in the plugin’s shape, dropping invalid entries with a reason', () => {
    const { settings, problems } = readSettings(
      from({
        clients: [
          { from: 'file', name: 'apiClient', kind: 'axios' },
          { from: 'package', package: '@acme/http', name: ['get', 'post'], kind: 'got' },
          { from: 'package', name: 'x', kind: 'axios' },
          { from: 'file', name: 'c', kind: 'requests' },
        ],
        wrappers: [{ from: 'lib', name: 'withPolicy', provides: ['timeout', 'retry'] }, { from: 'file', name: 'w', provides: [] }, 'nope'],
      }),
      RULE_DEFAULTS,
    );
    assert.deepEqual(settings.declared.clients, [
      { from: 'file', name: 'apiClient', kind: 'axios' },
      { from: 'package', package: '@acme/http', name: ['get', 'post'], kind: 'got' },
    ]);
    assert.deepEqual(settings.declared.wrappers, [{ from: 'lib', name: 'withPolicy', provides: ['timeout', 'retry'] }]);
    assert.equal(problems.length, 4);
    assert.match(problems[0]!, /clients\[2\].*"package"/);
    assert.match(problems[1]!, /clients\[3\].*"kind"/);
    assert.match(problems[2]!, /wrappers\[1\].*"provides"/);
    assert.match(problems[3]!, /wrappers\[2\].*expected an object/);
  });
});
