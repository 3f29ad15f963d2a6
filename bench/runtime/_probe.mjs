import { circuitBreaker, compose, retry, bulkhead, timeout } from '@breakwater/runtime';
const work = async () => 1;
const p = compose(retry({ maxAttempts: 3 }), circuitBreaker({ failureThreshold: 5 }), bulkhead(16, { queue: 32 }), timeout(1_000));
const op = () => p.execute(work);
const out = [];
const t0 = performance.now();
for (let s = 0; s < 30; s++) {
  const c = process.cpuUsage(); const n = 100000;
  for (let i = 0; i < n; i++) await op();
  const u = process.cpuUsage(c);
  out.push(`${Math.round((u.user + u.system) * 1e3 / n)}@${Math.round(performance.now() - t0)}`);
}
console.log(out.join(' '));
