// Named per-service policies. policy('payments', config) builds timeout, retry, breaker and
// bulkhead in the default order, all named 'payments', and registers them: the same name returns
// the same instance, so every module that calls the payments service shares one breaker.
import { CircuitBreaker, type BreakerOptions } from './breaker.js';
import { Bulkhead, type BulkheadOptions } from './bulkhead.js';
import { Pipeline } from './pipeline.js';
import { Retry, type RetryOptions } from './retry.js';
import { need } from './stage.js';
import { Timeout } from './timeout.js';

export interface PolicyConfig {
  /** Per-attempt timeout (default 10 000 ms); false: none. */
  timeoutMs?: number | false;
  /** Retry options (default: 3 attempts, full jitter, transient failures only); false: no retry. */
  retry?: Omit<RetryOptions, 'name'> | false;
  /** Breaker options (default: opens after 5 consecutive failures for 30 s); false: no breaker. */
  breaker?: Omit<BreakerOptions, 'name'> | false;
  /** Concurrency limit: a number, or { limit, queue?, queueTimeoutMs? }; default none. */
  bulkhead?: number | ({ limit: number } & Omit<BulkheadOptions, 'name'>) | false;
}

/** The registered policies, by name, with the config each was created with. */
export const registry = new Map<string, [Pipeline, PolicyConfig]>();

/** Deep equality of plain config data; functions and class instances (a store) compare by identity. */
const same = (a: unknown, b: unknown): boolean =>
  a === b ||
  (plain(a) && plain(b) && Object.keys({ ...a, ...b }).every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])));
const plain = (x: unknown): x is object => !!x && [Object.prototype, Array.prototype].includes(Object.getPrototypeOf(x));

/**
 * The policy named `name`, created from `config` on first use. Called again with an equal config
 * (or none) it returns the same instance; with a different config it throws, rather than silently
 * ignoring the new settings.
 */
export const policy = (name: string, config?: PolicyConfig): Pipeline => {
  const hit = registry.get(name);
  if (hit) {
    need(!config || same(hit[1], config), `policy('${name}') already exists with a different config: pass the same config, none, or another name`);
    return hit[0];
  }
  const { timeoutMs = 10_000, retry = {}, breaker = {}, bulkhead } = (config ??= {});
  const parts = [];
  if (retry) parts.push(new Retry({ ...retry, name }));
  if (breaker) parts.push(new CircuitBreaker({ ...breaker, name }));
  // A number is the limit (its spread adds nothing to the options).
  if (bulkhead) parts.push(new Bulkhead((bulkhead as { limit?: number }).limit ?? (bulkhead as number), { ...(bulkhead as object), name }));
  if (timeoutMs) parts.push(new Timeout(timeoutMs, name));
  const p = new Pipeline(parts, name);
  registry.set(name, [p, config]);
  return p;
};
