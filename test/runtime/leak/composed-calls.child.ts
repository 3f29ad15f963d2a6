// Child process of no-leaks.test.ts (run with --expose-gc): pushes many calls through a composed
// policy (retry ∘ breaker ∘ bulkhead ∘ timeout) with a deterministic mix of successes, transient and
// permanent failures, timeouts and breaker trips, then reports on its last stdout line what was
// left behind: heap after gc, live timers (ref'd or not), abort listeners on the caller's signal.
// Any unhandled rejection makes it exit 70. Flags: --calls N (default 100000), --inject-unhandled-rejection.
import { createHook } from 'node:async_hooks';
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { bulkhead, circuitBreaker, compose, retry, timeout, type Context } from '@breakwater/runtime';

process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection:', reason);
  process.exit(70);
});

const argv = process.argv.slice(2);
const callsArg = argv.indexOf('--calls');
const CALLS = callsArg >= 0 ? Number(argv[callsArg + 1]) : 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

// Every Timeout alive, including unref'd ones that process.getActiveResourcesInfo() does not list.
const liveTimeouts = new Set<number>();
createHook({
  init(id, type) {
    if (type === 'Timeout') liveTimeouts.add(id);
  },
  destroy(id) {
    liveTimeouts.delete(id);
  },
}).enable();

const TIMEOUT_MS = 20;
const breaker = circuitBreaker({ name: 'leak-breaker', failureThreshold: 5, openMs: 10 });
const policy = compose(retry({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }), breaker, bulkhead(64, { queue: 64 }), timeout(TIMEOUT_MS));
const caller = new AbortController();

const transient = () => Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
const permanent = () => Object.assign(new Error('bad request'), { status: 400 });

/** The work for call i: mostly successes, with every kind of failure mixed in at fixed rates. */
function work(i: number): (ctx: Context) => unknown {
  if (i % 5_000 < 8) return () => Promise.reject(transient()); // an outage burst: the breaker opens
  if (i % 1_999 === 0)
    // Hangs until its signal aborts: the timeout fires (twice, with the retry).
    return ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  if (i % 100 === 17) return () => Promise.reject(transient()); // fails on every attempt: the caller gets it
  switch (i % 10) {
    case 7: // fails once, then succeeds on the retry
      return ({ attempt }) => (attempt === 1 ? Promise.reject(transient()) : Promise.resolve(i));
    case 8: // a permanent failure: not retried, not a breaker failure
      return () => Promise.reject(permanent());
    case 9: // reads the signal (created lazily) and answers on the next turn
      return ({ signal }) => new Promise((resolve) => setImmediate(() => resolve(signal.aborted ? -1 : i)));
    case 6: // answers synchronously
      return () => i;
    default:
      return async () => i;
  }
}

const outcomes: Record<string, number> = {};
const count = (kind: string) => (outcomes[kind] = (outcomes[kind] ?? 0) + 1);

async function run(from: number, to: number): Promise<void> {
  const BATCH = 50;
  for (let start = from; start < to; start += BATCH) {
    const batch: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(to, start + BATCH); i++) {
      batch.push(
        policy.execute(work(i), { signal: caller.signal }).then(
          () => count('ok'),
          (error: Error) => count(error.name === 'Error' ? ('status' in error ? 'permanent' : 'transient') : error.name),
        ),
      );
    }
    await Promise.all(batch);
  }
}

async function quiesce() {
  // Longer than any timeout, breaker open time or backoff, so every timer had its chance to end.
  await sleep(TIMEOUT_MS * 10);
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    heap: process.memoryUsage().heapUsed,
    timers: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length,
    resources: process.getActiveResourcesInfo().length,
    liveTimeouts: liveTimeouts.size,
    listeners: getEventListeners(caller.signal, 'abort').length,
  };
}

if (argv.includes('--inject-unhandled-rejection')) void Promise.reject(new Error('injected: nobody handles this'));

// Warm-up: JIT, inline caches and lazily built structures settle before the baseline.
await run(0, Math.min(20_000, CALLS));
const before = await quiesce();
await run(0, CALLS / 2);
const middle = await quiesce();
await run(CALLS / 2, CALLS);
const after = await quiesce();
console.log(JSON.stringify({ calls: CALLS, outcomes, breakerState: breaker.state, before, middle, after }));
