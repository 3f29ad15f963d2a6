// When each open document is linted: right away on open, after a pause in typing (debounced), at
// most one lint per document at a time, and never twice for the same version. An edit made while
// a lint runs is linted once that lint ends; the outdated result is dropped, not published. No
// vscode import, so it is unit-tested with fake timers.

/** The live document: its version moves on as the user types. */
export interface LintableDocument {
  readonly version: number;
  readonly isClosed: boolean;
}

export interface LintSchedulerHooks<D extends LintableDocument, S extends { version: number }> {
  key(doc: D): string;
  /** Lints the document's current text; the state names the version it linted. Never rejects (a failure is a state too). */
  run(doc: D): Promise<S>;
  /** Called with each result that is still current (its version is the document's). */
  publish(doc: D, state: S): void;
}

interface InFlight<S> {
  version: number;
  done: Promise<S>;
  /** Someone asked for the document's newer text meanwhile: lint it as soon as this one ends. */
  again: boolean;
}

export class LintScheduler<D extends LintableDocument, S extends { version: number }> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Map<string, InFlight<S>>();

  constructor(
    private readonly hooks: LintSchedulerHooks<D, S>,
    private readonly typingDelayMs: number,
  ) {}

  /** Lints after `typingDelayMs` without a further call for this document (the user paused). */
  schedule(doc: D): void {
    const key = this.hooks.key(doc);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) void this.lint(doc);
      }, this.typingDelayMs),
    );
  }

  /**
   * The findings of the document's current text: linted now, or — when a lint of this document is
   * running — that lint's result if it is of the current version, else the lint right after it.
   */
  lint(doc: D): Promise<S> {
    const key = this.hooks.key(doc);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const running = this.inFlight.get(key);
    if (running) {
      if (running.version === doc.version) return running.done;
      running.again = true;
      return running.done.then((state) => (state.version === doc.version || doc.isClosed ? state : this.lint(doc)));
    }
    const entry: InFlight<S> = { version: doc.version, again: false, done: undefined as never };
    entry.done = this.hooks
      .run(doc)
      .then((state) => {
        if (!doc.isClosed && state.version === doc.version) this.hooks.publish(doc, state);
        return state;
      })
      .finally(() => {
        this.inFlight.delete(key);
        if (entry.again && !doc.isClosed && doc.version !== entry.version) void this.lint(doc);
      });
    this.inFlight.set(key, entry);
    return entry.done;
  }

  /** The document closed: no pending lint for it. */
  forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
