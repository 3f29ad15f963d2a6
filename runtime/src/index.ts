// Public entry point of @breakwater/runtime. See README.md for the API and its semantics.
export { timeout, deadline, Timeout, Deadline } from './timeout.js';
export { retry, Retry, type RetryOptions } from './retry.js';
export type { Jitter } from './backoff.js';
export { circuitBreaker, CircuitBreaker, type BreakerOptions } from './breaker.js';
export type { WindowOptions } from './window.js';
export { MemoryBreakerStore, type BreakerStore, type BreakerSnapshotState, type BreakerStateName } from './store.js';
export { bulkhead, Bulkhead, type BulkheadOptions } from './bulkhead.js';
export { fallback, Fallback, type FallbackLevel, type FallbackOptions, type FallbackResult, type FallbackContext, type Quality } from './fallback.js';
export { compose } from './compose.js';
export { policy, type PolicyConfig } from './registry.js';
export { Pipeline, type Pipeline as NamedPolicy, type Counters } from './pipeline.js';
export { fetchWith } from './fetch.js';
export { snapshot, toPrometheus, otelMetrics, type PolicySnapshot, type MeterLike, type ObservableLike } from './metrics.js';
export { TimeoutError, BrokenCircuitError, BulkheadRejectedError, FallbackError } from './errors.js';
export { isTransient, mayRepeat, retryAfterMs, statusOf } from './classify.js';
export type { Context } from './context.js';
export type { Policy, ExecuteOptions, Work } from './stage.js';
export type { PolicyEvent, PolicyEventName, Listener } from './events.js';
