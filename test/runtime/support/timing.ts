// Waiting helpers for tests over real time. They only ever wait; tests never assert an upper
// bound on elapsed time (except the outage's one bound), because the machine is shared and slow.
import { setTimeout as delay } from 'node:timers/promises';

export const sleep = (ms: number): Promise<void> => delay(ms).then(() => undefined);

/** Polls `condition` every 5 ms until it holds; fails after `timeoutMs` with `what`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const give = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > give) throw new Error(`timed out waiting until ${what}`);
    await delay(5);
  }
}

/** Whether a promise has settled by the next turn of the event loop (pending microtasks flushed). */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  const mark = () => {
    settled = true;
  };
  promise.then(mark, mark);
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

/** Whether `promise` settles within `ms` (its timer is cleared either way). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
