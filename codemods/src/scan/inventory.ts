// Turns one file's analysis (AST-bound) into plain inventory records (JSON-ready), and adds up totals.
import type { FanOut, OutboundCall, RetryConstruct, SourceLocation } from 'eslint-plugin-breakwater/analysis';
import type { CallRecord, FanOutRecord, FindingRecord, Position, RetryRecord, ScanTotals, ServiceRecord } from './types.js';

/** RFC 9110 §9.2.2: the methods a client may repeat without changing the outcome. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

function position(file: string, loc: SourceLocation): Position {
  // ESTree columns are 0-based; people, ESLint and SARIF count from 1.
  return { file, line: loc.start.line, column: loc.start.column + 1, endLine: loc.end.line, endColumn: loc.end.column + 1 };
}

/** Whether a request with this method must not be repeated without an Idempotency-Key (null: method unknown). */
export function isNonIdempotent(method: string | null): boolean | null {
  return method === null ? null : !IDEMPOTENT_METHODS.has(method.toUpperCase());
}

function retryRecord(retry: RetryConstruct, call: OutboundCall): RetryRecord {
  const nonIdempotent = isNonIdempotent(call.method);
  let safety: RetryRecord['safety'] = 'safe';
  if (retry.retriesNonIdempotent && !call.idempotencyKey) {
    safety = nonIdempotent === null ? 'unknown' : nonIdempotent ? 'unsafe' : 'safe';
  }
  return {
    kind: retry.kind,
    label: retry.label,
    maxAttempts: retry.maxAttempts,
    backoff: { growth: retry.backoff.growth, jitter: retry.backoff.jitter },
    // Retrying "every error" matters when 4xx responses reach the retry as failures; a fetch
    // retried on whatever it throws never sees them (the same judgement retry-transient-only makes).
    transientOnly: retry.retriesAllErrors === null ? null : !(retry.retriesAllErrors && retry.retriesClientErrors !== false),
    safety,
  };
}

export function callRecord(file: string, call: OutboundCall): CallRecord {
  const record: CallRecord = {
    ...position(file, call.loc),
    client: call.client,
    label: call.label,
    method: call.method,
    url: call.url?.value ?? null,
    host: call.url?.host ?? null,
    service: call.service,
    timeout: { status: call.timeout.status, ms: call.timeout.ms, source: call.timeout.source },
    retries: call.retries.map((retry) => retryRecord(retry, call)),
    breaker: call.breaker ? { kind: call.breaker.kind, label: call.breaker.label } : null,
    bulkhead: call.bulkhead ? { kind: call.bulkhead.kind, label: call.bulkhead.label } : null,
    idempotencyKey: call.idempotencyKey,
  };
  if (call.declaredAs !== undefined) record.declaredAs = call.declaredAs;
  if (call.timeout.note !== undefined) record.timeout.note = call.timeout.note;
  return record;
}

export function fanOutRecord(file: string, fanOut: FanOut): FanOutRecord {
  const loc = fanOut.node.loc as SourceLocation;
  const record: FanOutRecord = {
    ...position(file, loc),
    combinator: fanOut.combinator,
    bounded: fanOut.bounded,
    calls: fanOut.calls.length,
  };
  if (fanOut.boundedBy !== undefined) record.boundedBy = fanOut.boundedBy;
  return record;
}

function needsIdempotencyKey(call: CallRecord): boolean {
  return isNonIdempotent(call.method) === true && !call.idempotencyKey;
}

/** Calls grouped by service, named services first in name order, then the calls no name was found for. */
export function groupByService(calls: readonly CallRecord[]): ServiceRecord[] {
  const groups = new Map<string | null, ServiceRecord>();
  for (const call of calls) {
    let group = groups.get(call.service);
    if (!group) {
      group = { name: call.service, hosts: [], calls: 0, withoutTimeout: 0, withoutBreaker: 0, unsafeRetries: 0 };
      groups.set(call.service, group);
    }
    group.calls++;
    if (call.host !== null && !group.hosts.includes(call.host)) group.hosts.push(call.host);
    if (call.timeout.status !== 'bounded') group.withoutTimeout++;
    if (call.breaker === null) group.withoutBreaker++;
    if (call.retries.some((r) => r.safety === 'unsafe')) group.unsafeRetries++;
  }
  for (const group of groups.values()) group.hosts.sort();
  return [...groups.values()].sort((a, b) => {
    if (a.name === null || b.name === null) return a.name === null ? (b.name === null ? 0 : 1) : -1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

export function computeTotals(
  files: readonly string[],
  calls: readonly CallRecord[],
  fanOuts: readonly FanOutRecord[],
  findings: readonly FindingRecord[],
  services: readonly ServiceRecord[],
  fileErrors: number,
): ScanTotals {
  const count = (predicate: (call: CallRecord) => boolean): number => calls.filter(predicate).length;
  const byRule: Record<string, number> = {};
  for (const finding of findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  return {
    files: files.length,
    filesWithCalls: new Set(calls.map((c) => c.file)).size,
    calls: calls.length,
    services: services.filter((s) => s.name !== null).length,
    fanOuts: fanOuts.length,
    unboundedFanOuts: fanOuts.filter((f) => !f.bounded).length,
    unprotected: {
      timeout: count((c) => c.timeout.status !== 'bounded'),
      timeoutMissing: count((c) => c.timeout.status === 'missing'),
      timeoutDisabled: count((c) => c.timeout.status === 'disabled'),
      timeoutIneffective: count((c) => c.timeout.status === 'ineffective'),
      timeoutUnknown: count((c) => c.timeout.status === 'unknown'),
      unsafeRetry: count((c) => c.retries.some((r) => r.safety === 'unsafe')),
      retryAllErrors: count((c) => c.retries.some((r) => r.transientOnly === false)),
      breaker: count((c) => c.breaker === null),
      bulkhead: count((c) => c.bulkhead === null),
      idempotencyKey: count(needsIdempotencyKey),
    },
    findings: {
      total: findings.length,
      error: findings.filter((f) => f.severity === 'error').length,
      warn: findings.filter((f) => f.severity === 'warn').length,
      byRule,
    },
    fileErrors,
  };
}
