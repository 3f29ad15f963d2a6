import assert from 'node:assert/strict';
import { analyzeText, type BreakwaterSettings, type OutboundCall } from 'eslint-plugin-breakwater/analysis';

/** Every outbound call the analysis finds in `code`, asserting the file parsed. */
export function callsIn(code: string, filePath = 'src/file.ts', settings?: BreakwaterSettings): OutboundCall[] {
  const result = analyzeText(code, filePath, settings);
  assert.equal(result.parseError, undefined, `parse error: ${result.parseError?.message}`);
  return result.analysis.calls;
}

/** The single outbound call in `code`. */
export function onlyCall(code: string, filePath = 'src/file.ts', settings?: BreakwaterSettings): OutboundCall {
  const calls = callsIn(code, filePath, settings);
  assert.equal(calls.length, 1, `expected one call, found ${calls.length}: ${calls.map((c) => c.label).join(', ')}`);
  return calls[0]!;
}

/** The fields a test compares, flattened for readable diffs. */
export function summary(call: OutboundCall): Record<string, unknown> {
  return {
    client: call.client,
    label: call.label,
    method: call.method,
    url: call.url?.value ?? null,
    host: call.url?.host ?? null,
    service: call.service,
    options: call.options.kind,
    argIndex: call.options.argIndex,
    timeout: call.timeout.status,
    ms: call.timeout.ms,
    source: call.timeout.source,
    idempotencyKey: call.idempotencyKey,
    breaker: call.breaker?.kind ?? null,
    bulkhead: call.bulkhead?.kind ?? null,
  };
}

/** Asserts that the listed fields of the call's summary have the expected values. */
export function expectFields(call: OutboundCall, expected: Record<string, unknown>): void {
  const actual = summary(call);
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = actual[key];
  assert.deepEqual(picked, expected);
}
