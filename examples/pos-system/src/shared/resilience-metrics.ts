// What /metrics publishes about the resilience of this process's outbound calls.
// Before Breakwater there is nothing to publish: no call goes through a policy, so nothing counts
// timeouts, retries or open circuits. (After `breakwater fix`, the demo replaces this file with one
// that publishes the runtime's snapshot() — the one line a user adds by hand.)
export function resilienceMetrics(): unknown {
  return undefined;
}
