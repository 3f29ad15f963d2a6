// The result of `breakwater scan`, exactly as `--format json` prints it. It is a public, stable
// shape (`schemaVersion` changes when a field is renamed or removed; new fields may appear):
// keep README.md's description in step with it.
import type { BackoffInfo, ClientId, FanOut, GuardKind, TimeoutInfo } from 'eslint-plugin-breakwater/analysis';
import type { Preset, RuleInfo } from './lint-runner.js';

/** A position in a scanned file: `file` relative to the scan root with `/` separators; 1-based lines and columns. */
export interface Position {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface GuardRecord {
  kind: GuardKind;
  label: string;
}

export interface RetryRecord extends GuardRecord {
  /** Maximum attempts, first try included, when statically known. */
  maxAttempts: number | null;
  backoff: { growth: BackoffInfo['growth']; jitter: boolean };
  /**
   * False when the retry repeats every failure including 4xx responses (that fail the same way on
   * every attempt); true when it repeats only transient failures, or the client never turns 4xx
   * into failures; null when unknown.
   */
  transientOnly: boolean | null;
  /**
   * `unsafe`: it would repeat a non-idempotent request (POST, PATCH, …) that carries no
   * Idempotency-Key; `unknown`: it would repeat a request whose method is not known statically;
   * `safe` otherwise.
   */
  safety: 'safe' | 'unsafe' | 'unknown';
}

export interface CallRecord extends Position {
  client: ClientId;
  /** The name a user-declared client was declared as. */
  declaredAs?: string;
  /** How the call reads: "fetch", "axios.post", "api.get (axios instance)". */
  label: string;
  method: string | null;
  url: string | null;
  host: string | null;
  service: string | null;
  timeout: {
    status: TimeoutInfo['status'];
    ms: number | null;
    source: TimeoutInfo['source'];
    note?: string;
  };
  /** Retries around the call, innermost first; empty when nothing retries it. */
  retries: RetryRecord[];
  breaker: GuardRecord | null;
  bulkhead: GuardRecord | null;
  idempotencyKey: boolean;
}

export interface FanOutRecord extends Position {
  combinator: FanOut['combinator'];
  bounded: boolean;
  boundedBy?: string;
  /** How many outbound calls the fan-out spreads. */
  calls: number;
}

export interface FindingRecord extends Position {
  /** `breakwater/require-timeout`, … */
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
}

export interface FileErrorRecord {
  file: string;
  /** `parse`: the file is not valid TS/JS; `read`: it could not be read; `internal`: a rule crashed on it. */
  kind: 'parse' | 'read' | 'internal';
  message: string;
  line: number;
  column: number;
}

export interface ServiceRecord {
  /** The service name, or null for calls whose service cannot be told. */
  name: string | null;
  hosts: string[];
  calls: number;
  withoutTimeout: number;
  withoutBreaker: number;
  unsafeRetries: number;
}

export interface ScanTotals {
  files: number;
  filesWithCalls: number;
  calls: number;
  services: number;
  fanOuts: number;
  unboundedFanOuts: number;
  /** Calls missing each kind of protection. */
  unprotected: {
    /** Timeout status other than `bounded` (the four below, added up). */
    timeout: number;
    timeoutMissing: number;
    timeoutDisabled: number;
    timeoutIneffective: number;
    timeoutUnknown: number;
    /** Calls inside at least one retry whose safety is `unsafe`. */
    unsafeRetry: number;
    /** Calls inside a retry that retries every error. */
    retryAllErrors: number;
    breaker: number;
    bulkhead: number;
    /** Non-idempotent requests (POST, PATCH, …) without an Idempotency-Key. */
    idempotencyKey: number;
  };
  findings: { total: number; error: number; warn: number; byRule: Record<string, number> };
  fileErrors: number;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: { name: 'breakwater'; version: string };
  /** Absolute path every `file` below is relative to. */
  root: string;
  preset: Preset;
  /** The scanned files, relative to `root`, sorted. */
  files: string[];
  calls: CallRecord[];
  fanOuts: FanOutRecord[];
  findings: FindingRecord[];
  /** Files that could not be parsed, read or analysed: listed here and left out of everything else. */
  fileErrors: FileErrorRecord[];
  services: ServiceRecord[];
  rules: RuleInfo[];
  totals: ScanTotals;
}
