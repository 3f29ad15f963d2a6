// Shared helpers of the runtime unit tests.
import FakeTimers from '@sinonjs/fake-timers';

export type InstalledClock = ReturnType<typeof FakeTimers.install>;

/** Fakes setTimeout, performance.now() and Date (the runtime's clocks); uninstall in afterEach. */
export const installClock = (): InstalledClock =>
  FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'], now: 1_700_000_000_000 });

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Records how a promise settled, without ever leaving a rejection unhandled. */
export const track = <T>(p: Promise<T>): { readonly outcome: Outcome<T> | undefined; readonly done: Promise<Outcome<T>> } => {
  let outcome: Outcome<T> | undefined;
  const done = p.then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error }),
  );
  return {
    get outcome() {
      return outcome;
    },
    done,
  };
};

/** Work that never settles (and ignores its signal). */
export const hang = (): Promise<never> => new Promise<never>(() => {});

/** A network error as Node's sockets raise it. */
export const netError = (code = 'ECONNRESET'): Error => Object.assign(new Error(`socket: ${code}`), { code });

/** A name no other test uses, for the process-wide policy registry. */
let n = 0;
export const uniqueName = (base: string): string => `${base}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
