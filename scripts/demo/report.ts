// The before/after table printed at the end of the demo.
import type { ResilienceSummary } from './breakers.js';
import type { EndpointFigures, VersionFigures } from './figures.js';
import type { ScenarioResult } from './scenario.js';
import type { ServiceName } from './system.js';

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const seconds = (s: number | null) => (s === null ? 'not yet' : `${s.toFixed(1)} s`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

function endpointRow(name: string, version: string, f: EndpointFigures): string[] {
  const d = f.during_fault;
  return [
    name,
    version,
    percent(d.availability),
    formatMs(d.p50_ms),
    formatMs(d.p99_ms),
    String(d.degraded + d.cached),
    String(d.hung),
    String(d.errors),
    percent(f.after_fault.availability),
    formatMs(f.after_fault.p99_ms),
    seconds(f.recovery_s),
  ];
}

export function renderTable(result: ScenarioResult, resilience: ResilienceSummary | null): string {
  const { before, after } = result.figures;
  const rows: string[][] = [
    ['endpoint', 'version', 'avail', 'p50', 'p99', 'degraded', 'hung', 'errors', 'avail', 'p99', 'recovered after'],
  ];
  for (const name of Object.keys(before.endpoints)) {
    rows.push(endpointRow(name, 'before', before.endpoints[name]!));
    const fixed = after?.endpoints[name];
    if (fixed) rows.push(endpointRow('', 'after', fixed));
  }
  const body = table(rows).split('\n');
  const widthOf = (upTo: number) => rows[0]!.slice(0, upTo).reduce((sum, _, i) => sum + Math.max(...rows.map((r) => (r[i] ?? '').length)) + 2, 0);
  const header = `${' '.repeat(widthOf(2))}${'during the fault'.padEnd(widthOf(8) - widthOf(2))}after payment returns`;

  const versions: Array<[string, VersionFigures | undefined]> = [['before', before], ['after', after]];
  const inflight = (service: ServiceName) => versions.map(([, v]) => (v ? String(v.max_inflight[service] ?? '–') : '–'));
  const system: string[][] = [
    ['', 'before', 'after'],
    ['requests in flight at once, max: pos-core', ...inflight('pos-core')],
    ['                                  chatbot', ...inflight('chatbot')],
    ['                               restaurant', ...inflight('restaurant')],
    ['orders charged twice (retried POST, no Idempotency-Key)', ...versions.map(([, v]) => (v ? String(v.duplicate_charges ?? '–') : '–'))],
    ['calls failed fast by a breaker (or a full bulkhead)', '–', resilience ? String(resilience.failedFast) : '–'],
    ['attempts cut off by a policy timeout', '–', resilience ? String(resilience.timeouts) : '–'],
  ];
  const late = result.figures.loadGeneratorLateP99Ms;
  const machine =
    late === null
      ? []
      : [
          '',
          `machine check: the load generator sent its requests up to ${formatMs(late)} late (p99)` +
            (late > 50 ? ' — the machine is busy, and every latency above includes its delays' : ' — an idle machine'),
        ];
  return [header, ...body, '', table(system), ...machine].join('\n');
}
