// Messages between the extension host (main thread) and the lint worker. Everything is plain,
// structured-cloneable data. The main thread never loads ESLint, TypeScript or ts-morph: linting,
// fixing and scanning all happen in the worker, so typing never waits for them.
import type { FixOptions } from '@breakwater/codemods/transforms';
import type { ActionPlan } from '../code-actions.js';
import type { DiagnosticData } from '../diagnostic-mapping.js';
import type { InventoryCall } from '../inventory-groups.js';
import type { Severity } from '../settings.js';

/** The files a quick fix may create or extend: the policy module and the vendored runtime. */
export type FixPaths = Pick<FixOptions, 'policyModulePath' | 'vendorPath'>;

/** The `breakwater.*` values as VS Code's configuration returns them (validated in the worker). */
export type RawSettings = Record<string, unknown>;

export interface Requests {
  init: { request: Record<string, never>; response: { ruleDefaults: Record<string, Severity> } };
  lint: {
    request: { filePath: string; text: string; settings: RawSettings };
    /** Only what the editor shows: the ESLint messages (with their fixes and suggestions) stay in the
     * worker for the quick-fix requests that follow, which keeps the answer small. */
    response: {
      diagnostics: DiagnosticData[];
      fixable: number;
      parseError?: string;
      problems: string[];
      ms: number;
      /** How the lint worker linted it: `incremental` (statement-incremental.ts) or `full: <why>`; absent when answered from the last lint. */
      path?: string;
    };
  };
  quickFixes: {
    request: {
      filePath: string;
      text: string;
      settings: RawSettings;
      /** The diagnostics to build fixes for, as `diagnosticKey(ruleId, range)`; each gets its own list. */
      targets: string[];
      /**
       * The targets are the workspace ESLint's diagnostics (auto mode stands aside): find them with
       * every rule on, and offer only the codemod transforms (ESLint's integration offers the rest).
       */
      fromWorkspaceEslint?: boolean;
      /** Where the transforms' extra files go (resolved inside the workspace folder by the host); the
       * timeout, maxMs and runtime come from `settings`, validated in the worker like the lint's. */
      fixOptions: FixPaths;
      /** The current text of the files a transform may extend (the policy module, the vendored runtime); null when absent. */
      files: Record<string, string | null>;
    };
    response: { plans: ActionPlan[][] };
  };
  fixAll: { request: { filePath: string; text: string; settings: RawSettings }; response: { text: string | null } };
  inventory: {
    request: { files: Array<{ filePath: string; relativePath: string; text: string }>; settings: RawSettings };
    response: { calls: InventoryCall[]; errors: Array<{ relativePath: string; message: string }> };
  };
}

export type RequestKind = keyof Requests;
export type WorkerRequest = { [K in RequestKind]: { id: number; kind: K; payload: Requests[K]['request'] } }[RequestKind];
export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
/** The request with this id is no longer wanted: skipped if it has not started (see CANCELLED_ANSWERS). */
export type CancelMessage = { cancel: number };

/**
 * Two workers run the same bundle: `lint` answers diagnostics (and loads only ESLint, the parser
 * and the plugin); `fixes` answers everything else (quick fixes, fix-all, the inventory scan), so
 * a quick fix that takes seconds on a large file, or a workspace scan, never delays diagnostics.
 */
export type WorkerRole = 'lint' | 'fixes';
export const ROLE_OF: Record<RequestKind, WorkerRole> = { init: 'lint', lint: 'lint', quickFixes: 'fixes', fixAll: 'fixes', inventory: 'fixes' };

/** What a worker answers for a request cancelled before it started: nothing to offer. */
export const CANCELLED_ANSWERS: { [K in RequestKind]?: (payload: Requests[K]['request']) => Requests[K]['response'] } = {
  quickFixes: ({ targets }) => ({ plans: targets.map(() => []) }),
  fixAll: () => ({ text: null }),
};
