// The contract of the call-site analysis: what it finds in one source file.
// The ESLint rules, the `breakwater` CLI (codemods) and the VS Code extension all consume these
// shapes, so additive changes are cheap and renames are not: keep them stable.
import type { TSESTree } from '@typescript-eslint/utils';

/** Offsets into the source text, [start, end), the same as ESTree's `range`. */
export type Range = readonly [number, number];

/** 1-based line, 0-based column, as ESTree's `loc`. */
export interface SourceLocation {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** The HTTP clients the analysis understands. A user-declared client names one of these as the
 * client it behaves like (same option positions and timeout semantics). */
export type ClientId =
  | 'fetch' // global fetch (Node's undici)
  | 'node-fetch'
  | 'undici' // undici fetch / request / stream / Client / Pool
  | 'axios' // the default export and axios.create() instances
  | 'got' // the default export and got.extend() instances
  | 'ky' // the default export and ky.create()/extend() instances
  | 'node-http' // node:http / node:https request and get
  | 'superagent' // request chains
  | 'ofetch'; // ofetch, $fetch and ofetch.create() instances

/** Where the effective timeout of a call comes from. */
export type TimeoutSource =
  | 'call' // an option at the call site (axios `timeout`, got `timeout.request`, ofetch `timeout`, …)
  | 'signal' // `signal: AbortSignal.timeout(ms)` or a signal combined from one
  | 'chain' // superagent `.timeout(ms)`
  | 'instance' // the defaults of an axios.create / got.extend / ky.create instance
  | 'client-default' // the client's own default (ky: 10 s per attempt)
  | 'policy' // a Breakwater runtime policy with a timeout around the call
  | 'wrapper'; // a wrapper declared in settings.breakwater that provides a timeout

export interface TimeoutInfo {
  /**
   * - `bounded`: a timeout that ends the request applies; `ms` says how long when it is static.
   * - `missing`: nothing bounds the call (the client has no default, or its default is the 300 s
   *   undici header/body timers that never end a hung stream).
   * - `disabled`: explicitly turned off (axios `timeout: 0`, ky `timeout: false`, …).
   * - `ineffective`: something that looks like a timeout but does not end the request
   *   (node:http's `timeout` option only emits an event; ofetch ignores `timeout` when a `signal`
   *   is also passed).
   * - `unknown`: set from an expression whose value cannot be known statically.
   */
  status: 'bounded' | 'missing' | 'disabled' | 'ineffective' | 'unknown';
  /** Effective milliseconds when statically known. */
  ms: number | null;
  source: TimeoutSource | null;
  /** The expression that sets it, when there is one in this file. */
  node?: TSESTree.Node;
  /** A short human explanation, used in messages ("socket idle timer only; it does not end the request"). */
  note?: string;
}

/** The object argument that carries a call's options (axios config, fetch init, got options, …). */
export interface OptionsInfo {
  /** Which argument holds (or would hold) the options for this client and method. */
  argIndex: number;
  /**
   * - `inline`: an object literal at the call;
   * - `variable`: an identifier bound to a `const` object literal in scope (`object` is that literal);
   * - `dynamic`: an expression that cannot be read statically;
   * - `absent`: no argument at that position.
   */
  kind: 'inline' | 'variable' | 'dynamic' | 'absent';
  /** The object literal the options come from, when known. */
  object?: TSESTree.ObjectExpression;
  /** The options object contains a `...spread` whose properties may override what is visible. */
  hasSpread: boolean;
}

export interface UrlInfo {
  node: TSESTree.Node;
  /** The URL when it is a static string (or a template literal without expressions). */
  value: string | null;
  /** Host name when it can be known (from the URL, a template literal's static prefix, or the instance's baseURL/prefixUrl). */
  host: string | null;
}

/** Which library or construct provides a guard. */
export type GuardKind =
  | 'breakwater' // @breakwater/runtime
  | 'opossum'
  | 'cockatiel'
  | 'p-retry'
  | 'async-retry'
  | 'axios-retry'
  | 'p-limit'
  | 'p-map'
  | 'client-option' // got/ky `retry` option, a got.extend({ retry }) instance, …
  | 'superagent-retry' // superagent `.retry(n)`
  | 'hand-rolled' // a loop or recursion written in the file
  | 'declared'; // a wrapper declared in settings.breakwater

export interface Guard {
  kind: GuardKind;
  /** The call or statement that provides the guard (the retry loop, `pRetry(...)`, `breaker.fire`, …). */
  node: TSESTree.Node;
  /** For messages: "p-retry", "a hand-rolled for loop", "cockatiel retry policy", … */
  label: string;
}

/** A guard that bounds concurrency (a bulkhead, p-limit, p-map's concurrency, a policy's `bulkhead`). */
export interface BulkheadGuard extends Guard {
  /** How many calls it lets run at once, when static. */
  limit?: number;
}

export interface BackoffInfo {
  /** How the delay between attempts grows. `none`: attempts follow each other with no wait. */
  growth: 'none' | 'fixed' | 'linear' | 'exponential' | 'unknown';
  /** Whether randomness is mixed into the delay. */
  jitter: boolean;
  /** The sleep/delay expression, when there is one. */
  node?: TSESTree.Node;
}

/** Any construct that retries: a hand-rolled loop or recursion, a retry library, or a client's retry option. */
export interface RetryConstruct extends Guard {
  /** Maximum attempts (first try included) when statically known. */
  maxAttempts: number | null;
  backoff: BackoffInfo;
  /**
   * True when every error is retried, including 4xx responses and programming errors (no predicate,
   * or a catch that retries unconditionally). False when a predicate limits retries to transient
   * failures (status checks, error-code checks, the library's transient-only default).
   * Null when it cannot be told.
   */
  retriesAllErrors: boolean | null;
  /**
   * False when this retry never repeats a non-idempotent request (got's and axios-retry's defaults
   * exclude POST, our runtime refuses without a key); true when it would.
   */
  retriesNonIdempotent: boolean;
  /** Hand-rolled loops: the loop statement or the recursive function. */
  form?: 'for' | 'while' | 'do-while' | 'recursion' | 'library' | 'client-option';
  /** The outbound calls this construct repeats. */
  calls: OutboundCall[];
  /**
   * A client's built-in retry that nothing in this file configures (got's and ky's defaults, ofetch's
   * one retry of a GET): real, but not something the user wrote, so style rules leave it alone.
   */
  implicit?: boolean;
  /**
   * When `retriesAllErrors` is true: whether 4xx responses actually reach the retry as failures — the
   * client throws on them (axios, got, ky, ofetch, superagent) or the retried code throws when a
   * response is not ok — so it repeats requests that will fail the same way. False when 4xx responses
   * come back as values (fetch, undici, node:http) and nothing turns them into errors.
   */
  retriesClientErrors?: boolean;
  /** Where the decision "retry this failure?" is made: the catch clause or status check of a hand-rolled
   * retry, a library's predicate option (`shouldRetry`, `retryCondition`, cockatiel's `handleAll`), or the
   * library call when it has none. Rules report retry-everything problems here. */
  predicateNode?: TSESTree.Node;
}

/** An outbound HTTP call found in the file. */
export interface OutboundCall {
  client: ClientId;
  /** For user-declared clients: the name they declared. */
  declaredAs?: string;
  /** How the call reads, for messages and inventories: "fetch", "axios.post", "api.get (axios instance)", "https.request". */
  label: string;
  /** The call or `new` expression; for a superagent chain, the outermost call of the chain. */
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  callee: TSESTree.Node;
  range: Range;
  loc: SourceLocation;
  /** Upper-case HTTP method when known (`fetch(url)` is GET; `fetch(url, { method: m })` is null). */
  method: string | null;
  url: UrlInfo | null;
  /** The service this call talks to, for grouping and policy names: derived from the host, the
   * instance's base URL, or the instance's variable name; null when nothing tells. */
  service: string | null;
  /** The client instance the call goes through (`const api = axios.create({...})`), if any. */
  instance?: { name: string; node: TSESTree.Node; options?: TSESTree.ObjectExpression };
  options: OptionsInfo;
  timeout: TimeoutInfo;
  /** The `signal` passed to the call, if any. */
  signal?: { node: TSESTree.Node; isTimeout: boolean };
  /** An `Idempotency-Key` header is set on the call (any letter case, inline, in a const, or on the instance). */
  idempotencyKey: boolean;
  /** The header's value expression when `idempotencyKey` is true (to tell a key made once from one made per attempt). */
  idempotencyKeyNode?: TSESTree.Node;
  /** Retries around the call, innermost first. */
  retries: RetryConstruct[];
  breaker: Guard | null;
  bulkhead: BulkheadGuard | null;
}

/** `Promise.all`/`allSettled`/`any`/`race` over a collection of outbound calls. */
export interface FanOut {
  node: TSESTree.CallExpression;
  /** `p-map`: `pMap(items, fn, options)` / `pMapSettled`, itself a fan-out (unbounded without `concurrency`). */
  combinator: 'all' | 'allSettled' | 'any' | 'race' | 'p-map';
  /** True when a concurrency bound applies (p-limit, p-map `concurrency`, a bulkhead, chunking, a fixed-length array literal). */
  bounded: boolean;
  /** What bounds it, for messages. */
  boundedBy?: string;
  calls: OutboundCall[];
  /** The collection whose elements each start calls (`ids` in `ids.map(id => fetch(…))`), when there is one. */
  collection?: TSESTree.Node;
  /** How many elements, when the collection has a fixed, statically known length. */
  size?: number;
}

export interface FileAnalysis {
  calls: OutboundCall[];
  retries: RetryConstruct[];
  fanOuts: FanOut[];
}

/**
 * `settings.breakwater` in an ESLint config (and the extension's `breakwater.clients`/`wrappers`
 * settings). Specifiers follow typescript-eslint's TypeOrValueSpecifier: `from: 'package'` names an
 * npm package's export, `from: 'file'` a declaration in the project (optionally limited by `path`),
 * `from: 'lib'` a global.
 */
export type Specifier =
  | { from: 'package'; package: string; name: string | string[] }
  | { from: 'file'; name: string | string[]; path?: string }
  | { from: 'lib'; name: string | string[] };

/** A function or object the analysis should treat as an HTTP client that behaves like `kind`. */
export type DeclaredClient = Specifier & { kind: ClientId };

/** A function that guards whatever call it wraps (`withPolicy(() => fetch(...))`). */
export type DeclaredWrapper = Specifier & { provides: Array<'timeout' | 'retry' | 'breaker' | 'bulkhead'> };

export interface BreakwaterSettings {
  clients?: DeclaredClient[];
  wrappers?: DeclaredWrapper[];
  /**
   * Module specifiers of the project's own policy module(s) (the per-service registry the codemods
   * create): `<x>.execute(fn)` where `x` is imported from one of them counts as a Breakwater policy.
   * A relative import is resolved from the analysed file and its `policy(name, {...})` declaration
   * read (timeout, retry, breaker, bulkhead); when it cannot be read, the runtime's defaults are
   * assumed (timeout of unknown length, retry and breaker on, no bulkhead). An entry without a slash
   * matches the specifier's last segment; one with slashes matches its end. Default:
   * `['policies', 'policy', 'resilience']`.
   */
  policyModules?: string[];
}
