// What one transform pass over one file sees, and how it records its edits and notes.
import { dirname, resolve } from 'node:path';
import type { FileAnalysis } from 'eslint-plugin-breakwater/analysis';
import type { SourceFile } from 'ts-morph';
import type { ExistingPolicies } from '../policy-module/index.js';
import type { ChangeNote, FixOptions, TransformName } from './api.js';
import { EditSet, type Edit } from './edits.js';
import { detectExtensionStyle, ImportPlan, relativeSpecifier, type ExtensionStyle } from './imports.js';
import { detectStyle, lineOf, parseSource, releaseSource, type Style } from './source.js';

/** A service that call sites were routed to; the policy module gets one entry per service. */
export interface ServiceEntry {
  /** The exported const in the policy module (a camelCase identifier). */
  exportName: string;
  /** The name passed to `policy(name, …)` (the analysis' service name). */
  policyName: string;
  /** Hosts seen for it, for the comment above the entry. */
  hosts: Set<string>;
  /** The attempts of the first retry loop routed through it: the new entry's `retry.maxAttempts`. */
  maxAttempts?: number;
}

/** State shared by every file of one session (what `extraFiles` writes afterwards). */
export interface SessionState {
  options: FixOptions;
  services: Map<string, ServiceEntry>;
  /** Some fixed file imports the runtime (directly or through the policy module). */
  runtimeUsed: boolean;
  /** The extension style of relative imports, from the first file that shows one. */
  extensionStyle: ExtensionStyle | null;
  /** The policy module's entries before this session (read once through `options.readFile`; null: no such file; undefined: not read yet). */
  existingPolicies?: ExistingPolicies | null | 'unknown';
}

export const RUNTIME_PACKAGE = '@breakwater/runtime';

export class TransformContext {
  readonly edits = new EditSet();
  readonly notes: ChangeNote[] = [];
  /** Some edit group was refused because it overlapped another: run another pass. */
  deferred = false;
  /** Spans of this text that wrap-policy routed through a policy in this pass. */
  readonly wrapped: Array<readonly [number, number]> = [];
  /** Retry loops of this text that replace-retry-loop routed through a service's policy in this pass. */
  readonly routed: Array<readonly [number, number]> = [];
  #sf?: SourceFile;
  #style?: Style;
  #imports?: ImportPlan;
  #extensionStyle?: ExtensionStyle;

  constructor(
    readonly transform: TransformName,
    readonly path: string,
    readonly text: string,
    readonly analysis: FileAnalysis,
    readonly session: SessionState,
    /** `FixOptions.only`, mapped onto this text (earlier edits may have moved it). */
    readonly only?: readonly [number, number],
  ) {}

  /** The file in ts-morph, parsed on first use (most files need no edit and are never parsed). */
  get sf(): SourceFile {
    return (this.#sf ??= parseSource(this.path, this.text));
  }

  /** Frees the parsed file, if it was parsed. */
  release(): void {
    if (this.#sf) releaseSource(this.#sf);
    this.#sf = undefined;
  }

  /** The file's quote, semicolon, indentation and line-break conventions. */
  get style(): Style {
    return (this.#style ??= detectStyle(this.sf));
  }

  get imports(): ImportPlan {
    return (this.#imports ??= new ImportPlan(this.sf, this.path, this.style, (existing, wanted) => sameModule(this.path, existing, wanted)));
  }

  /** How the relative imports this transform adds end: like the file's own, or the session's. */
  get extensionStyle(): ExtensionStyle {
    if (this.#extensionStyle) return this.#extensionStyle;
    const own = detectExtensionStyle(this.sf);
    if (own && !this.session.extensionStyle) this.session.extensionStyle = own;
    return (this.#extensionStyle = own ?? this.session.extensionStyle ?? this.session.options.importExtension ?? 'js');
  }

  get options(): FixOptions {
    return this.session.options;
  }

  /** The specifier that imports the runtime from this file. */
  runtimeSpecifier(): string {
    if (this.options.runtime === 'package') return RUNTIME_PACKAGE;
    return relativeSpecifier(this.path, this.options.vendorPath, this.extensionStyle);
  }

  /** Records a group of edits (all or nothing); `onAccept` runs only when they were accepted. */
  commit(edits: readonly Edit[], at: number, message: string, onAccept?: () => void): boolean {
    if (edits.length === 0) return false;
    if (!this.edits.tryAdd(edits)) {
      this.imports.dropPending();
      this.deferred = true;
      return false;
    }
    this.imports.commitPending();
    onAccept?.();
    this.notes.push({ transform: this.transform, line: lineOf(this.sf, at), message });
    return true;
  }

  /** Records why a call or loop was left alone. */
  skip(at: number, message: string): void {
    this.imports.dropPending();
    this.notes.push({ transform: this.transform, line: lineOf(this.sf, at), message, skipped: true });
  }
}

/** Whether two import specifiers written in `fromFile` name the same module (extensions aside). */
export function sameModule(fromFile: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.startsWith('.') || !b.startsWith('.')) return false;
  const strip = (s: string) => resolve(dirname(fromFile), s).replace(/\.[cm]?[jt]sx?$/, '');
  return strip(a) === strip(b);
}
