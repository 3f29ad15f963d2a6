// eslint-plugin-breakwater: the rules and the flat-config presets (built under issue #3).
import noUnboundedFanout from './rules/no-unbounded-fanout.js';
import noUnsafeRetry from './rules/no-unsafe-retry.js';
import requireBackoffJitter from './rules/require-backoff-jitter.js';
import requireCircuitBreaker from './rules/require-circuit-breaker.js';
import requireTimeout from './rules/require-timeout.js';
import retryTransientOnly from './rules/retry-transient-only.js';

export const rules = {
  'require-timeout': requireTimeout,
  'no-unsafe-retry': noUnsafeRetry,
  'require-circuit-breaker': requireCircuitBreaker,
  'require-backoff-jitter': requireBackoffJitter,
  'retry-transient-only': retryTransientOnly,
  'no-unbounded-fanout': noUnboundedFanout,
};

const plugin = { meta: { name: 'eslint-plugin-breakwater', version: '0.1.0' }, rules };
export default plugin;
