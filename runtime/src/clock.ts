// The monotonic clock and the shared timer. Every deadline in the runtime is a performance.now()
// reading (never the wall clock, which jumps). The object is kept (Node reaches the global through
// a getter); its `now` is looked up on each call, which is where fake timers install theirs.
const perf = performance;
export const now = (): number => perf.now();

/** @internal Something that expires at a monotonic time; linked into one TimerList at a time. */
export interface TimerNode {
  /** When it expires (monotonic ms). */
  at_: number;
  /** Neighbours in the list; `next_` is undefined while unlinked. */
  next_: TimerNode | undefined;
  prev_: TimerNode | undefined;
  expire_(): void;
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
 * @internal Many deadlines, one timer. A circular list ordered by `at_`, the list itself its sentinel; most
 * nodes arrive in order (one policy, one duration) so inserting from the tail is O(1), and removing
 * on completion is O(1). A single setTimeout is armed for the earliest node and never re-armed on
 * removal: when it fires early it just re-arms.
 */
export class TimerList implements TimerNode {
  at_ = -Infinity;
  next_: TimerNode = this;
  prev_: TimerNode = this;
  /** @internal */
  timer_: unknown;
  /** @internal When the armed timer fires (Infinity when none is armed), and when it was armed. */
  due_ = Infinity;
  /** @internal */
  armed_ = 0;

  /** Links `node` (its `at_` set); `t` is the current time. */
  add_(node: TimerNode, t: number): void {
    let p = this.prev_;
    while (p.at_ > node.at_) p = p.prev_!;
    const n = p.next_!;
    node.prev_ = p;
    node.next_ = n;
    p.next_ = n.prev_ = node;
    pending++;
    // Re-arm for an earlier deadline, or when the armed timer is long overdue — it was lost
    // (fake timers uninstalled) or the clock was swapped under us.
    if (node.at_ < this.due_ || t > this.due_ + 1000 || t < this.armed_) this.arm_(node.at_, t);
  }

  /** Unlinks `node`, if it is linked. */
  del_(node: TimerNode): void {
    const n = node.next_;
    if (!n) return;
    n.prev_ = node.prev_;
    node.prev_!.next_ = n;
    node.next_ = node.prev_ = undefined;
    pending--;
  }

  /** @internal */
  arm_(at: number, t: number): void {
    clearTimeout(this.timer_ as number);
    this.due_ = at;
    this.armed_ = t;
    const timer = (this.timer_ = setTimeout(() => this.expire_(), Math.ceil(at - t)));
    // Without keeping the process alive: Node and Bun unref(), Deno Deno.unrefTimer(), browsers nothing to do.
    typeof timer == 'object'
      ? (timer as { unref?(): void }).unref?.()
      : (globalThis as { Deno?: { unrefTimer(id: unknown): void } }).Deno?.unrefTimer(timer);
  }

  /** The armed timer fired: expire every node that is due, re-arm for the next. */
  expire_(): void {
    this.due_ = Infinity;
    const t = now();
    let node;
    while ((node = this.next_) != this && node.at_ <= t) {
      this.del_(node);
      node.expire_();
    }
    if (this.next_ != this && this.due_ == Infinity) this.arm_(this.next_.at_, t);
  }
}
