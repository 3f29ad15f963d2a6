// One child of ab.mjs: `node --expose-gc ab-variant.mjs <bare|breaker|composed> <runtime bundle>`;
// the same work and settings as variant.mjs, with the runtime loaded from the given bundle.
import { pathToFileURL } from 'node:url';
import { measure } from '../common/measure.mjs';

async function work() {
  return 1;
}

const [kind, bundle] = process.argv.slice(2);
const { circuitBreaker, compose, retry, bulkhead, timeout } = await import(pathToFileURL(bundle).href);
let op = work;
if (kind === 'breaker') {
  const breaker = circuitBreaker({ failureThreshold: 5 });
  op = () => breaker.execute(work);
} else if (kind === 'composed') {
  const composed = compose(retry({ maxAttempts: 3 }), circuitBreaker({ failureThreshold: 5 }), bulkhead(16, { queue: 32 }), timeout(1_000));
  op = () => composed.execute(work);
}
if ((await op()) !== 1) throw new Error(`${kind}: wrong result`);
console.log(JSON.stringify(await measure(op)));
process.exit(0);
