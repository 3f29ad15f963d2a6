// The monotonic clock and the shared timer. Every deadline in the runtime is a performance.now()
// reading (never the wall clock, which jumps). The object is kept (Node reaches the global through
// a getter); its `now` is looked up on each call, which is where fake timers install theirs.
const perf = performance;
export const now = (): number => perf.now();

/** Something that expires at a monotonic time `at`; linked into one TimerList at a time. */
export interface TimerNode {
  at: number;
  /** Neighbours in the list (undefined when unlinked). */
  nx?: TimerNode | undefined;
  pv?: TimerNode | undefined;
  /** In a list right now. */
  on?: boolean;
  expire(): void;
}

/** Nodes pending in every list: a caller is waiting to be released. */
let pending = 0;

/**
 * The timers are unref'd, so a finished call never holds the process. But a caller still waiting
 * must be released even when nothing else keeps the event loop alive (work that ignores its signal
 * and waits on nothing): when Node (or Bun) is about to exit with callers pending, keep it alive a
 * little longer, until the pending timers have fired. Absent outside Node-like runtimes.
 */
(globalThis as { process?: { on?(e: string, f: () => void): void } }).process?.on?.('beforeExit', () => {
  if (pending) setTimeout(() => {}, 10);
});

/**
 * Many deadlines, one timer. Nodes are kept ordered by `at`; most arrive in order (one policy, one
 * duration) so inserting from the tail is O(1), and removing on completion is O(1). A single
 * setTimeout is armed for the earliest node and never re-armed on removal: when it fires early it
 * just re-arms.
 */
export class TimerList {
  #head?: TimerNode | undefined;
  #tail?: TimerNode | undefined;
  #timer: unknown;
  /** When the armed timer fires (Infinity when none is armed), and when it was armed. */
  #due = Infinity;
  #armed = 0;

  add(node: TimerNode, t: number): void {
    let p = this.#tail;
    while (p && p.at > node.at) p = p.pv;
    const n = p ? p.nx : this.#head;
    node.pv = p;
    node.nx = n;
    node.on = true;
    pending++;
    p ? (p.nx = node) : (this.#head = node);
    n ? (n.pv = node) : (this.#tail = node);
    // Re-arm for an earlier deadline, or when the armed timer is long overdue — it was lost
    // (fake timers uninstalled) or the clock was swapped under us.
    if (node.at < this.#due || t > this.#due + 1000 || t < this.#armed) this.#arm(node.at, t);
  }

  del(node: TimerNode): void {
    if (!node.on) return;
    const { pv: p, nx: n } = node;
    p ? (p.nx = n) : (this.#head = n);
    n ? (n.pv = p) : (this.#tail = p);
    node.nx = node.pv = undefined;
    node.on = false;
    pending--;
  }

  #arm(at: number, t: number): void {
    clearTimeout(this.#timer as number);
    this.#due = at;
    this.#armed = t;
    const timer = (this.#timer = setTimeout(() => this.#fire(), Math.ceil(at - t)));
    // Node and Bun: unref(); Deno: Deno.unrefTimer(); browsers: nothing to do.
    typeof timer == 'object'
      ? (timer as { unref?(): void }).unref?.()
      : (globalThis as { Deno?: { unrefTimer(id: unknown): void } }).Deno?.unrefTimer(timer);
  }

  #fire(): void {
    this.#due = Infinity;
    const t = now();
    let node;
    while ((node = this.#head) && node.at <= t) {
      this.del(node);
      node.expire();
    }
    if (this.#head && this.#due === Infinity) this.#arm(this.#head.at, t);
  }
}
