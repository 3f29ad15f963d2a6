// `--format table`: the inventory for people, grouped by service, aligned, then fan-outs,
// findings, files that could not be analysed, and totals.
import { isNonIdempotent } from '../scan/inventory.js';
import type { CallRecord, RetryRecord, ScanResult } from '../scan/types.js';
import { alignRows, plural, type Cell, type Paint } from './style.js';

const NONE: Cell = { text: '—', color: 'dim' };
const at = (r: { file: string; line: number; column: number }): string => `${r.file}:${r.line}:${r.column}`;

function timeoutCell(call: CallRecord): Cell {
  const { status, ms, source } = call.timeout;
  switch (status) {
    case 'bounded':
      return { text: `${ms === null ? 'bounded' : `${ms} ms`}${source ? ` (${source})` : ''}`, color: 'green' };
    case 'unknown':
      return { text: `set, value unknown${source ? ` (${source})` : ''}`, color: 'yellow' };
    default:
      return { text: `none: ${status}`, color: 'red' };
  }
}

function retryText(retry: RetryRecord): string {
  const parts = [retry.label + (retry.maxAttempts !== null ? ` ×${retry.maxAttempts}` : '')];
  if (retry.safety === 'unsafe') parts.push('UNSAFE: no Idempotency-Key');
  else if (retry.safety === 'unknown') parts.push('method unknown');
  if (retry.transientOnly === false) parts.push('retries all errors');
  else if (retry.transientOnly === true) parts.push('transient only');
  return parts.join(', ');
}

function retryCell(call: CallRecord): Cell {
  if (call.retries.length === 0) return NONE;
  const bad = call.retries.some((r) => r.safety === 'unsafe' || r.transientOnly === false);
  return { text: call.retries.map(retryText).join('; '), color: bad ? 'red' : 'green' };
}

function idempotencyCell(call: CallRecord): Cell {
  if (call.idempotencyKey) return { text: 'yes', color: 'green' };
  const nonIdempotent = isNonIdempotent(call.method);
  if (nonIdempotent === null) return { text: 'no (method unknown)' };
  return nonIdempotent ? { text: 'no', color: call.retries.length > 0 ? 'red' : 'yellow' } : NONE;
}

function callRow(call: CallRecord): Cell[] {
  return [
    { text: at(call) },
    { text: call.label },
    { text: call.method ?? '?' },
    timeoutCell(call),
    retryCell(call),
    call.breaker ? { text: call.breaker.label, color: 'green' } : NONE,
    call.bulkhead ? { text: call.bulkhead.label, color: 'green' } : NONE,
    idempotencyCell(call),
  ];
}

const HEADER: Cell[] = ['LOCATION', 'CALL', 'METHOD', 'TIMEOUT', 'RETRY', 'BREAKER', 'BULKHEAD', 'IDEMPOTENCY-KEY'].map((text) => ({
  text,
  color: 'dim',
}));

export function formatTable(result: ScanResult, paint: Paint): string {
  const out: string[] = [];
  const { totals } = result;
  out.push(
    paint('bold', `Outbound calls: ${totals.calls} in ${plural(totals.filesWithCalls, 'file')} (${plural(totals.files, 'file')} scanned), ${plural(totals.services, 'service')}`),
  );

  // One table for all groups, so columns line up across services.
  const rows: Cell[][] = [];
  const groupStarts = new Map<number, string>();
  for (const service of result.services) {
    const calls = result.calls.filter((c) => c.service === service.name);
    const name = service.name ?? '(service unknown)';
    const hosts = service.hosts.length > 0 && !(service.hosts.length === 1 && service.hosts[0] === service.name) ? ` · ${service.hosts.join(', ')}` : '';
    const gaps = [
      service.withoutTimeout > 0 ? `${service.withoutTimeout} without timeout` : '',
      service.withoutBreaker > 0 ? `${service.withoutBreaker} without breaker` : '',
      service.unsafeRetries > 0 ? `${service.unsafeRetries} unsafe retry` : '',
    ].filter(Boolean);
    groupStarts.set(rows.length, paint('cyan', name) + paint('dim', `${hosts} · ${plural(service.calls, 'call')}${gaps.length ? ` · ${gaps.join(', ')}` : ''}`));
    rows.push(HEADER, ...calls.map(callRow));
  }
  const lines = alignRows(rows, paint, '    ');
  lines.forEach((line, index) => {
    const title = groupStarts.get(index);
    if (title !== undefined) out.push('', `  ${title}`);
    out.push(line);
  });

  if (result.fanOuts.length > 0) {
    out.push('', paint('bold', `Fan-outs: ${result.fanOuts.length} (${totals.unboundedFanOuts} unbounded)`));
    const fanRows = result.fanOuts.map((f): Cell[] => [
      { text: at(f) },
      { text: `${f.combinator === 'p-map' ? 'p-map' : `Promise.${f.combinator}`} over ${plural(f.calls, 'outbound call')}` },
      f.bounded ? { text: `bounded${f.boundedBy ? ` by ${f.boundedBy}` : ''}`, color: 'green' } : { text: 'unbounded', color: 'red' },
    ]);
    out.push(...alignRows(fanRows, paint));
  }

  const f = totals.findings;
  out.push('', paint('bold', `Findings (${result.preset}): ${f.total}${f.total > 0 ? ` (${plural(f.error, 'error')}, ${plural(f.warn, 'warning')})` : ''}`));
  out.push(
    ...alignRows(
      result.findings.map((finding): Cell[] => [
        { text: at(finding) },
        finding.severity === 'error' ? { text: 'error', color: 'red' } : { text: 'warn', color: 'yellow' },
        { text: finding.ruleId, color: 'dim' },
        { text: finding.message },
      ]),
      paint,
    ),
  );

  if (result.fileErrors.length > 0) {
    out.push('', paint('bold', paint('red', `Could not analyse: ${plural(result.fileErrors.length, 'file')}`)));
    out.push(
      ...alignRows(
        result.fileErrors.map((e): Cell[] => [{ text: at(e) }, { text: e.kind, color: 'red' }, { text: e.message }]),
        paint,
      ),
    );
  }

  const u = totals.unprotected;
  const timeoutWhy = (
    [
      ['missing', u.timeoutMissing],
      ['disabled', u.timeoutDisabled],
      ['ineffective', u.timeoutIneffective],
      ['unknown value', u.timeoutUnknown],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${why} ${n}`);
  out.push('', paint('bold', 'Totals'));
  out.push(
    ...alignRows(
      [
        [{ text: 'calls' }, { text: String(totals.calls) }],
        [{ text: 'without a timeout' }, { text: `${u.timeout}${timeoutWhy.length ? ` (${timeoutWhy.join(', ')})` : ''}`, color: u.timeout ? 'red' : 'green' }],
        [{ text: 'unsafe retries' }, { text: String(u.unsafeRetry), color: u.unsafeRetry ? 'red' : 'green' }],
        [{ text: 'retrying every error' }, { text: String(u.retryAllErrors), color: u.retryAllErrors ? 'yellow' : 'green' }],
        [{ text: 'without a circuit breaker' }, { text: String(u.breaker), color: u.breaker ? 'yellow' : 'green' }],
        [{ text: 'without a bulkhead' }, { text: String(u.bulkhead) }],
        [{ text: 'non-idempotent, no Idempotency-Key' }, { text: String(u.idempotencyKey) }],
        [{ text: 'unbounded fan-outs' }, { text: `${totals.unboundedFanOuts} of ${totals.fanOuts}`, color: totals.unboundedFanOuts ? 'red' : 'green' }],
        [{ text: 'findings' }, { text: `${plural(f.error, 'error')}, ${plural(f.warn, 'warning')}`, color: f.error ? 'red' : f.warn ? 'yellow' : 'green' }],
        [{ text: 'files not analysed' }, { text: String(totals.fileErrors), color: totals.fileErrors ? 'red' : 'green' }],
      ],
      paint,
    ),
  );
  return out.join('\n') + '\n';
}
