// The "Outbound Calls" inventory as plain data, grouped by service (or host). No heavy imports:
// the worker describes each call (inventory.ts), the extension host groups and shows them.

export type Verdict = 'ok' | 'problem' | 'info';

export interface Status {
  verdict: Verdict;
  /** Short, for the tree's description ("5 s", "none", "p-retry"). */
  short: string;
  /** One sentence for the tooltip. */
  detail: string;
}

export interface InventoryCall {
  filePath: string;
  relativePath: string;
  /** 0-based, for revealing the call. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  label: string;
  client: string;
  method: string | null;
  url: string | null;
  /** The group it belongs to: the service name, else the host, else UNKNOWN_SERVICE. */
  group: string;
  timeout: Status;
  retry: Status;
  breaker: Status;
  idempotency: Status;
}

export interface InventoryGroup {
  name: string;
  calls: InventoryCall[];
  /** Calls with at least one problem status. */
  problems: number;
}

export const UNKNOWN_SERVICE = '(unknown service)';

export function hasProblem(call: InventoryCall): boolean {
  return [call.timeout, call.retry, call.breaker, call.idempotency].some((s) => s.verdict === 'problem');
}

/** Groups by service/host: named groups in name order, the unknown service last; calls by file and line. */
export function groupInventory(calls: readonly InventoryCall[]): InventoryGroup[] {
  const groups = new Map<string, InventoryCall[]>();
  for (const call of calls) {
    let list = groups.get(call.group);
    if (!list) groups.set(call.group, (list = []));
    list.push(call);
  }
  return [...groups.entries()]
    .map(([name, list]) => ({
      name,
      calls: list.sort((a, b) => a.relativePath.localeCompare(b.relativePath) || a.range.start.line - b.range.start.line),
      problems: list.filter(hasProblem).length,
    }))
    .sort((a, b) => Number(a.name === UNKNOWN_SERVICE) - Number(b.name === UNKNOWN_SERVICE) || a.name.localeCompare(b.name));
}
