// One benchmark child: `node --expose-gc variant.mjs <name> [runtime bundle]` measures one variant
// and prints { ns_per_op, bytes_per_op, iterations } as JSON on its last line. run.mjs spawns these;
// ab.mjs too, with the runtime loaded from a bundle it built instead of the installed package.
// Every variant runs the same work, an async function resolving at once, so the differences are
// the cost of the policies around it. Settings are comparable across libraries: retry up to
// 3 attempts in all, a consecutive-failure breaker at 5, a 1 s timeout that releases the caller
// at the deadline (cockatiel's Aggressive strategy), a bulkhead of 16 with a queue of 32.
import { pathToFileURL } from 'node:url';
import { measure } from '../common/measure.mjs';

async function work() {
  return 1;
}

async function ours(kind) {
  const { circuitBreaker, compose, retry, bulkhead, timeout, policy } = await import(bundle ? pathToFileURL(bundle).href : '@breakwater/runtime');
  if (kind === 'breaker') {
    const breaker = circuitBreaker({ failureThreshold: 5 });
    return () => breaker.execute(work);
  }
  if (kind === 'composed') {
    const composed = compose(retry({ maxAttempts: 3 }), circuitBreaker({ failureThreshold: 5 }), bulkhead(16, { queue: 32 }), timeout(1_000));
    return () => composed.execute(work);
  }
  // The registry's named policy: the same four policies in the default order.
  const named = policy('bench', { timeoutMs: 1_000, retry: { maxAttempts: 3 }, breaker: { failureThreshold: 5 }, bulkhead: { limit: 16, queue: 32 } });
  return () => named.execute(work);
}

async function cockatiel(kind) {
  const c = await import('cockatiel');
  const breaker = () => c.circuitBreaker(c.handleAll, { halfOpenAfter: 30_000, breaker: new c.ConsecutiveBreaker(5) });
  // cockatiel's maxAttempts counts retries after the first call: 2 means 3 attempts, as ours.
  const retry = () => c.retry(c.handleAll, { maxAttempts: 2, backoff: new c.ExponentialBackoff() });
  const timeout = () => c.timeout(1_000, c.TimeoutStrategy.Aggressive);
  let p;
  if (kind === 'breaker') p = breaker();
  else if (kind === 'composed') p = c.wrap(retry(), breaker(), timeout(), c.bulkhead(16, 32));
  else p = c.wrap(retry(), breaker(), timeout()); // the exact composition the target names
  return () => p.execute(work);
}

async function opossum() {
  const { default: CircuitBreaker } = await import('opossum');
  const breaker = new CircuitBreaker(work, { timeout: 1_000, errorThresholdPercentage: 50, resetTimeout: 30_000 });
  return { op: () => breaker.fire(), stop: () => breaker.shutdown() };
}

const variants = {
  bare: async () => work,
  breaker: () => ours('breaker'),
  composed: () => ours('composed'),
  policy: () => ours('policy'),
  cockatiel_breaker: () => cockatiel('breaker'),
  cockatiel_composed: () => cockatiel('composed'),
  cockatiel_rbt: () => cockatiel('rbt'),
  opossum: async () => (await opossum()).op,
};

const [name, bundle] = process.argv.slice(2);
const make = variants[name];
if (!make) {
  console.error(`unknown variant ${name}; one of ${Object.keys(variants).join(', ')}`);
  process.exit(2);
}
const op = await make();
const check = await op();
if (check !== 1) throw new Error(`variant ${name} returned ${JSON.stringify(check)} instead of the work's result`);
const result = await measure(op);
console.log(JSON.stringify(result));
// Libraries may keep interval timers (opossum's rolling stats): the measurement is done.
process.exit(0);
