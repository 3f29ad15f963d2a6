// Describes each outbound call of a file for the inventory: its timeout, retry, breaker and
// idempotency status in words a reviewer can act on. The per-call facts come from the CLI's own
// inventory records (`breakwater scan`), so the editor and the CLI never disagree about a call.
import type { FileAnalysis } from 'eslint-plugin-breakwater/analysis';
import { callRecord, isNonIdempotent, type CallRecord } from '@breakwater/codemods';
import { formatMs } from './code-actions.js';
import { UNKNOWN_SERVICE, type InventoryCall, type Status } from './inventory-groups.js';

export function describeFile(analysis: FileAnalysis, filePath: string, relativePath: string): InventoryCall[] {
  return analysis.calls.map((call) => describeCall(callRecord(relativePath, call), filePath));
}

export function describeCall(call: CallRecord, filePath: string): InventoryCall {
  return {
    filePath,
    relativePath: call.file,
    range: { start: { line: call.line - 1, character: call.column - 1 }, end: { line: call.endLine - 1, character: call.endColumn - 1 } },
    label: call.label,
    client: call.declaredAs ?? call.client,
    method: call.method,
    url: call.url ?? call.host,
    group: call.service ?? call.host ?? UNKNOWN_SERVICE,
    timeout: timeoutStatus(call),
    retry: retryStatus(call),
    breaker: call.breaker
      ? { verdict: 'ok', short: call.breaker.label, detail: `Guarded by ${call.breaker.label}.` }
      : { verdict: 'info', short: 'none', detail: 'No circuit breaker: while the service is down, every call still waits for its timeout.' },
    idempotency: idempotencyStatus(call),
  };
}

function timeoutStatus(call: CallRecord): Status {
  const { status, ms, source, note } = call.timeout;
  const from = source ? ` (${source})` : '';
  switch (status) {
    case 'bounded':
      return { verdict: 'ok', short: ms === null ? 'set' : formatMs(ms), detail: `Bounded${ms === null ? '' : ` at ${formatMs(ms)}`}${from}.` };
    case 'missing':
      return { verdict: 'problem', short: 'none', detail: `No timeout: a hung service holds this call${note ? ` (${note})` : ''}.` };
    case 'disabled':
      return { verdict: 'problem', short: 'disabled', detail: `The timeout is turned off${from}.` };
    case 'ineffective':
      return { verdict: 'problem', short: 'ineffective', detail: `A timeout is set but does not end the request${note ? `: ${note}` : ''}.` };
    case 'unknown':
      return { verdict: 'info', short: 'dynamic', detail: `The timeout comes from an expression that cannot be read statically${from}.` };
  }
}

function retryStatus(call: CallRecord): Status {
  const retry = call.retries[0];
  if (!retry) return { verdict: 'info', short: 'none', detail: 'Not retried.' };
  const attempts = retry.maxAttempts === null ? '' : `, ${retry.maxAttempts} attempts`;
  if (call.retries.some((r) => r.safety === 'unsafe')) {
    return { verdict: 'problem', short: `${retry.label}, unsafe`, detail: `Retried by ${retry.label}${attempts}: a ${call.method} without an Idempotency-Key can be applied twice.` };
  }
  if (retry.transientOnly === false) {
    return { verdict: 'problem', short: `${retry.label}, every error`, detail: `Retried by ${retry.label}${attempts}, on every error including 4xx responses.` };
  }
  if (retry.kind === 'hand-rolled' && (retry.backoff.growth === 'none' || retry.backoff.growth === 'fixed' || !retry.backoff.jitter)) {
    return { verdict: 'problem', short: `${retry.label}, no jitter`, detail: `Retried by ${retry.label}${attempts} with ${retry.backoff.growth === 'none' ? 'no' : retry.backoff.growth} delay and no jitter: retries arrive in waves.` };
  }
  return { verdict: 'ok', short: retry.label, detail: `Retried by ${retry.label}${attempts}.` };
}

function idempotencyStatus(call: CallRecord): Status {
  if (call.idempotencyKey) return { verdict: 'ok', short: 'key', detail: 'Sends an Idempotency-Key header.' };
  const nonIdempotent = isNonIdempotent(call.method);
  if (nonIdempotent !== true) {
    return { verdict: 'info', short: 'n/a', detail: call.method === null ? 'The method is not known statically.' : `${call.method} is idempotent.` };
  }
  return call.retries.length > 0
    ? { verdict: 'problem', short: 'missing', detail: `A retried ${call.method} needs an Idempotency-Key.` }
    : { verdict: 'info', short: 'none', detail: `${call.method} without an Idempotency-Key (not retried).` };
}
