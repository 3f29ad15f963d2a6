// Statement-level incremental lint for the lint worker: a keystroke inside one top-level statement
// re-lints only the statements whose findings it can change, on a reduced text, and keeps the last
// lint's findings everywhere else.
//
// Why that gives exactly a full lint's findings. The rules report what the plugin's analysis finds,
// and the analysis connects code in different top-level statements only through names: a helper
// called, a client or policy held in a variable, a function passed to a guard
// (`payments.execute(() => helper())` changes the *helper's* findings), an array filled in one
// place and awaited in another, headers set on a variable, `axios.defaults` assigned. So, for an
// edit inside statement S:
// - the *affected* statements A are S and, transitively, every statement linked to one of A: it
//   mentions (as a word of its text) a name the other declares at the top level or writes or
//   mutates outside its own locals, in either direction, with S's old and new names both counted.
//   Imports, re-exports, interfaces and types hold no findings and link nothing (a name two
//   statements both import is shared only through writes, which link them directly). Statements
//   outside A share no such name with A: their findings are the last lint's, shifted by the lines
//   the edit added.
// - the reduced text keeps A, every statement that cannot be blanked (imports, top-level consts
//   and expressions, …) and, transitively, every blankable declaration (function, class, interface,
//   type, `const f = () => …`) whose declared or written names a kept statement mentions; the
//   others become spaces (line breaks kept, so offsets, lines and columns are unchanged). A blanked
//   declaration shares no name with anything kept, so A's findings in the reduced text are a full
//   lint's.
// What words cannot see falls back to a full lint: ESLint directive comments (an `eslint-disable`
// reaches past its statement), the word `defaults` (belt and braces: the write to
// `axios.defaults` links too), unicode escapes in identifiers, a BOM or shebang, parse errors, an
// edit that touches a statement's boundaries or changes the statement list, an affected statement
// sharing a line with another statement, a finding or fix that crosses into A, a reduced text that
// parses into other statements, too much of the file affected.
// test/extension/statement-incremental.test.ts compares the result with ESLint's full lint over
// random edits of generated and realistic files.
import ts from 'typescript';
import { LINTABLE_EXTENSIONS } from './constants.js';
import { changeBetween, parseDiagnosticCount } from './incremental-parse.js';
import { LintEngine, sourceFileOptionsFor, type LintMessage, type LintResult } from './lint-engine.js';
import type { ExtensionSettings } from './settings.js';
import { outline, type PlacedStatement, type StatementFacts } from './statement-outline.js';
import { mayHoldDirectives } from './tokenless.js';

export interface IncrementalOptions {
  /** Texts shorter than this are linted whole (the reduced text would not save enough). */
  minLength: number;
  /** Check each reduced text built from the last one against one built from scratch (tests). */
  verify?: boolean;
  /** A reduced text keeping more than this share of the file's statements' characters is not worth it. */
  maxKeptShare: number;
}

const DEFAULTS: IncrementalOptions = { minLength: 8_000, maxKeptShare: 0.5 };

/** The last lint of a file: its text, settings, findings and statements. */
interface Base {
  text: string;
  settingsKey: string;
  messages: LintMessage[];
  statements: PlacedStatement[];
  facts: Map<string, StatementFacts>;
  /** The reduced text the last incremental lint linted, and which statements it kept. */
  reduced?: { text: string; kept: string };
}

/** Why a lint was a full one (for the bench and the tests), or `incremental`. */
export type LintPath = 'incremental' | `full: ${string}`;

export class StatementIncrementalLint {
  private readonly bases = new Map<string, Base>();
  /** Lints only of the reduced texts: their own incremental parses, so the full texts' stay intact. */
  private readonly reducedEngine = new LintEngine({ suggestions: false });
  private readonly options: IncrementalOptions;
  /** How each lint was made, by path (incremental or the reason for a full lint). */
  readonly paths = new Map<LintPath, number>();
  /** The path of the last lint. */
  lastPath: LintPath = 'full: no eligible earlier version';
  /** Lints made (incremental or full). */
  lints = 0;

  constructor(
    private readonly engine: LintEngine,
    options: Partial<IncrementalOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  lint(filePath: string, text: string, settings: ExtensionSettings, settingsKey: string): LintResult {
    const base = this.bases.get(filePath);
    this.bases.delete(filePath);
    let outcome: { result: LintResult; statements: PlacedStatement[]; facts: Map<string, StatementFacts>; reduced: Base['reduced'] } | string;
    try {
      outcome = base ? this.incremental(base, filePath, text, settings, settingsKey) : 'no eligible earlier version';
    } catch (error) {
      // In the editor, a failure here costs a full lint, never a wrong finding; tests want to see it.
      if (this.options.verify) throw error;
      outcome = `error ${(error as Error).message}`;
    }
    let result: LintResult;
    let next: Base | undefined;
    if (typeof outcome === 'string') {
      this.lastPath = `full: ${outcome}`;
      result = this.engine.lint(text, filePath, settings);
      next = result.parseError ? undefined : this.baseOf(filePath, text, settingsKey, result.messages, base?.facts);
    } else {
      this.lastPath = 'incremental';
      result = outcome.result;
      next = { text, settingsKey, messages: result.messages, statements: outcome.statements, facts: outcome.facts, reduced: outcome.reduced };
    }
    this.paths.set(this.lastPath, (this.paths.get(this.lastPath) ?? 0) + 1);
    this.lints++;
    if (next) {
      if (this.bases.size >= 4) this.bases.delete(this.bases.keys().next().value!);
      this.bases.set(filePath, next);
    }
    return result;
  }

  private parse(filePath: string, text: string, edit?: { from: string; change: ts.TextChangeRange }): ts.SourceFile {
    return this.engine.parses.sourceFileFor(text, sourceFileOptionsFor(filePath), edit);
  }

  private baseOf(filePath: string, text: string, settingsKey: string, messages: LintMessage[], previous: Map<string, StatementFacts> | undefined): Base | undefined {
    if (!eligibleText(filePath, text, this.options)) return undefined;
    const sourceFile = this.parse(filePath, text);
    if (parseDiagnosticCount(sourceFile) > 0) return undefined;
    const facts = new Map<string, StatementFacts>();
    return { text, settingsKey, messages, statements: outline(sourceFile, previous ?? new Map(), facts), facts };
  }

  /** The lint of `text` from the last one, or why it must be a full lint. */
  private incremental(base: Base, filePath: string, text: string, settings: ExtensionSettings, settingsKey: string) {
    if (base.settingsKey !== settingsKey) return 'settings changed';
    if (!eligibleText(filePath, text, this.options)) return 'file not eligible (small, directive, defaults, escape)';
    if (base.messages.some((m) => m.suggestions !== undefined)) return 'suggestions';
    const change = changeBetween(base.text, text);
    const editStart = change.span.start;
    const editEndOld = editStart + change.span.length;
    const delta = change.newLength - change.span.length;
    const index = base.statements.findIndex((s) => s.start < editStart && editEndOld < s.end);
    const edited = base.statements[index];
    if (!edited) return 'edit not strictly inside one statement';
    if (!edited.facts.editable) return 'edit in an import, export-from, namespace or directive';

    const sourceFile = this.parse(filePath, text, { from: base.text, change });
    if (parseDiagnosticCount(sourceFile) > 0) return 'parse error';
    const facts = new Map<string, StatementFacts>();
    const statements = outline(sourceFile, base.facts, facts);
    if (statements.length !== base.statements.length) return 'statement list changed';
    for (const [i, s] of statements.entries()) {
      const old = base.statements[i]!;
      const shift = i > index ? delta : 0;
      if (s.start !== old.start + shift || s.end !== old.end + (i >= index ? delta : 0)) return 'statement boundaries changed';
    }
    const lineDelta = statements[index]!.endLine - edited.endLine;

    const affected = affectedStatements(index, [edited.facts, statements[index]!.facts], statements);
    // Each affected statement owns its lines (old and new): findings are assigned to statements by line.
    for (const list of [base.statements, statements]) {
      for (const i of affected) {
        const s = list[i]!;
        if ((list[i - 1]?.endLine ?? -1) >= s.startLine || (list[i + 1]?.startLine ?? Infinity) <= s.endLine) return 'an affected statement shares a line';
      }
    }
    const kept = keptStatements(affected, statements);
    let keptChars = 0;
    let allChars = 0;
    for (const [i, s] of statements.entries()) {
      allChars += s.end - s.start;
      if (kept.has(i)) keptChars += s.end - s.start;
    }
    if (keptChars > this.options.maxKeptShare * allChars) return 'too much of the file is affected';

    // The old findings outside the affected statements, shifted below the edit.
    const oldSpans = [...affected].map((i) => base.statements[i]!);
    const newSpans = [...affected].map((i) => statements[i]!);
    const outside: LintMessage[] = [];
    for (const m of base.messages) {
      const line = m.line - 1;
      const endLine = (m.endLine ?? m.line) - 1;
      const owner = oldSpans.find((s) => s.startLine <= line && line <= s.endLine);
      if (owner) {
        if (endLine > owner.endLine) return 'a finding crosses a statement boundary';
        continue;
      }
      if (oldSpans.some((s) => line < s.startLine && endLine >= s.startLine)) return 'a finding crosses a statement boundary';
      const after = line > edited.endLine;
      // A fix is moved with its finding: it must lie on the same side of the edited statement.
      if (m.fix && (after ? m.fix.range[0] < edited.end : m.fix.range[1] > edited.start)) return 'a fix reaches across the edited statement';
      outside.push(after ? shifted(m, lineDelta, delta) : m);
    }

    // The last reduced text with the same statements kept needs only the edit (inside S, kept).
    const keptKey = [...kept].sort((a, b) => a - b).join(',');
    const last = base.reduced?.kept === keptKey ? base.reduced.text : undefined;
    const reduced = last !== undefined ? last.slice(0, editStart) + text.slice(editStart, editStart + change.newLength) + last.slice(editEndOld) : reducedText(text, statements, kept);
    if (this.options.verify && reduced !== reducedText(text, statements, kept)) throw new Error('the reduced text built from the last one differs');
    const reducedFile = this.reducedEngine.parses.sourceFileFor(reduced, sourceFileOptionsFor(filePath), last !== undefined ? { from: last, change } : undefined);
    if (parseDiagnosticCount(reducedFile) > 0) return 'the reduced text does not parse';
    // The same statements, ends compared: everything between two kept statements is trivia, so
    // equal ends mean equal starts too.
    const keptList = statements.filter((_, i) => kept.has(i));
    if (reducedFile.statements.length !== keptList.length || reducedFile.statements.some((s, i) => s.end !== keptList[i]!.end)) {
      return 'the reduced text parses into other statements';
    }
    const reducedResult = this.reducedEngine.lint(reduced, filePath, settings);
    if (reducedResult.parseError) return 'the reduced text does not parse';
    const inside: LintMessage[] = [];
    for (const m of reducedResult.messages) {
      const line = m.line - 1;
      const owner = newSpans.find((s) => s.startLine <= line && line <= s.endLine);
      if (!owner) continue;
      if ((m.endLine ?? m.line) - 1 > owner.endLine) return 'a finding crosses a statement boundary';
      inside.push(m);
    }
    return { result: { messages: mergeByLine(outside, inside) }, statements, facts, reduced: { text: reduced, kept: keptKey } };
  }
}

/** Long enough to gain, and free of what the words of statements cannot see. */
function eligibleText(filePath: string, text: string, options: IncrementalOptions): boolean {
  if (text.length < options.minLength) return false;
  if (!LINTABLE_EXTENSIONS.some((ext) => filePath.endsWith(ext))) return false;
  if (text.charCodeAt(0) === 0xfeff || text.startsWith('#!')) return false;
  // ESLint directives (eslint-disable reaches past its statement), module-wide client defaults,
  // identifiers written with unicode escapes (their words differ from their names).
  return !mayHoldDirectives(text) && !text.includes('defaults') && !text.includes('\\u');
}

/** The names through which a statement's changes can reach others. */
const namesOf = (facts: StatementFacts) => [...facts.declared, ...facts.writes];

/**
 * S and, transitively, every statement linked to an affected one: it mentions a name the affected
 * one declares or writes (it calls, reads or guards it), or the affected one mentions a name it
 * declares or writes (a caller's `policy.execute(() => helper())` changes the helper's findings).
 * Imports, re-exports, interfaces and types hold no findings and link nothing: they are only kept.
 */
function affectedStatements(index: number, editedFacts: StatementFacts[], statements: PlacedStatement[]): Set<number> {
  const affected = new Set([index]);
  const names = new Set<string>();
  const words = new Set<string>();
  const add = (facts: StatementFacts) => {
    for (const n of namesOf(facts)) names.add(n);
    for (const w of facts.words) words.add(w);
  };
  for (const facts of editedFacts) add(facts);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [i, s] of statements.entries()) {
      if (affected.has(i) || s.facts.findingless) continue;
      if (!mentionsAny(s.facts, names) && !namesOf(s.facts).some((n) => words.has(n))) continue;
      affected.add(i);
      add(s.facts);
      grew = true;
    }
  }
  return affected;
}

/** The affected statements, those that cannot be blanked, and the declarations they reach. */
function keptStatements(affected: Set<number>, statements: PlacedStatement[]): Set<number> {
  const kept = new Set(affected);
  for (const [i, s] of statements.entries()) if (!s.facts.blankable) kept.add(i);
  const words = new Set<string>();
  for (const i of kept) for (const w of statements[i]!.facts.words) words.add(w);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [i, s] of statements.entries()) {
      if (kept.has(i) || !namesOf(s.facts).some((n) => words.has(n))) continue;
      kept.add(i);
      for (const w of s.facts.words) words.add(w);
      grew = true;
    }
  }
  return kept;
}

function mentionsAny(facts: StatementFacts, names: ReadonlySet<string>): boolean {
  for (const n of names) if (facts.words.has(n)) return true;
  return false;
}

/** The text with every statement not kept turned into spaces (line breaks kept). */
function reducedText(text: string, statements: PlacedStatement[], kept: Set<number>): string {
  const parts: string[] = [];
  let at = 0;
  for (const [i, s] of statements.entries()) {
    if (kept.has(i)) continue;
    parts.push(text.slice(at, s.start), text.slice(s.start, s.end).replace(/[^\r\n\u2028\u2029]/g, ' '));
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function shifted(m: LintMessage, lines: number, chars: number): LintMessage {
  const out: LintMessage = { ...m, line: m.line + lines };
  if (m.endLine !== undefined) out.endLine = m.endLine + lines;
  if (m.fix) out.fix = { ...m.fix, range: [m.fix.range[0] + chars, m.fix.range[1] + chars] };
  return out;
}

/** Two lists sorted by line, never sharing a line, as one (each keeps its own order within a line). */
function mergeByLine(a: LintMessage[], b: LintMessage[]): LintMessage[] {
  const out: LintMessage[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.line <= b[j]!.line)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
