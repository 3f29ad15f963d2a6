// Adding named imports to the file being fixed: reuses an existing import of the same module,
// extends its braces, or adds a new import (or `require`, in a CommonJS file) after the last one.
// Local names never collide with a name the file already uses.
import { dirname, relative } from 'node:path';
import { Node, SyntaxKind, ts, type ImportDeclaration, type SourceFile } from 'ts-morph';
import type { Edit } from './edits.js';
import { quoted, type Style } from './source.js';

export type ExtensionStyle = 'js' | 'ts' | 'none';

const TS_TO_JS: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs', '.js': '.js', '.jsx': '.js', '.mjs': '.mjs', '.cjs': '.cjs' };

/**
 * The specifier that imports `target` from `fromFile`, in the project's extension style. The
 * extensionless style keeps `.mjs`/`.cjs` (for `.mts`/`.cts` too): neither Node's `require` nor
 * TypeScript's resolution tries those extensions, so `require('./policies')` would not find
 * `policies.mjs`.
 */
export function relativeSpecifier(fromFile: string, target: string, style: ExtensionStyle): string {
  let rel = relative(dirname(fromFile), target).split('\\').join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = /\.[cm]?[jt]sx?$/.exec(rel)?.[0] ?? '';
  const stem = rel.slice(0, rel.length - ext.length);
  if (style === 'none') return /^\.[cm]/.test(ext) ? stem + TS_TO_JS[ext] : stem;
  if (style === 'ts') return rel;
  return stem + (TS_TO_JS[ext] ?? ext);
}

/** The extension style of the file's own relative imports, or null when it has none. */
export function detectExtensionStyle(sf: SourceFile): ExtensionStyle | null {
  for (const spec of moduleSpecifiers(sf)) {
    if (!spec.startsWith('.')) continue;
    if (/\.[cm]?jsx?$/.test(spec)) return 'js';
    if (/\.[cm]?tsx?$/.test(spec)) return 'ts';
    if (!/\.\w+$/.test(spec)) return 'none';
  }
  return null;
}

function moduleSpecifiers(sf: SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.getStatements()) {
    if (Node.isImportDeclaration(st) || Node.isExportDeclaration(st)) {
      const spec = st.getModuleSpecifierValue();
      if (spec) out.push(spec);
    }
  }
  return out;
}

/** True for a CommonJS file: it `require`s and has no import/export statements. */
export function isCommonJs(sf: SourceFile, path: string): boolean {
  if (/\.c[jt]s$/.test(path)) return true;
  if (/\.(m[jt]s|tsx?)$/.test(path)) return false;
  const esm = sf.getStatements().some((s) => Node.isImportDeclaration(s) || Node.isExportDeclaration(s) || Node.isExportAssignment(s) || (Node.isModifierable(s) && s.hasModifier(SyntaxKind.ExportKeyword)));
  if (esm) return false;
  return sf.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => c.getExpression().getText() === 'require');
}

/** Identifiers that name something in the file (declarations and references, not property names).
 * Walks the compiler's nodes: wrapping every node in ts-morph would cost more than the fix itself. */
export function namesInUse(sf: SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      const parent = n.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === n) ||
        ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === n);
      if (!isPropertyName) names.add(n.text);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf.compilerNode);
  return names;
}

export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

interface Wanted {
  specifier: string;
  name: string;
  local: string;
  /** False until the edit group that needed it is accepted. */
  committed: boolean;
}

export class ImportPlan {
  private readonly wanted: Wanted[] = [];
  /** Import declarations this pass removes: new imports are neither anchored after them nor merged into them. */
  private readonly removed = new Set<ImportDeclaration>();
  private takenNames?: Set<string>;
  private readonly commonJs: boolean;

  constructor(
    private readonly sf: SourceFile,
    path: string,
    private readonly style: Style,
    /** Whether an existing specifier refers to the wanted module (relative specifiers differ in extension). */
    private readonly sameModule: (existing: string, wanted: string) => boolean = (a, b) => a === b,
  ) {
    this.commonJs = isCommonJs(sf, path);
  }

  /** Every name the file uses, plus the names reserved so far. */
  private get taken(): Set<string> {
    return (this.takenNames ??= namesInUse(this.sf));
  }

  /** Reserves a fresh local name (for variables the transforms declare). */
  reserve(base: string): string {
    const name = uniqueName(base, this.taken);
    this.taken.add(name);
    return name;
  }

  /** The local name under which `name` from `specifier` is (or will be) available. */
  use(specifier: string, name: string, aliasBase = name): string {
    const planned = this.wanted.find((w) => w.specifier === specifier && w.name === name);
    if (planned) return planned.local;
    const existing = this.existingLocal(specifier, name);
    if (existing) return existing;
    const local = this.taken.has(name) ? uniqueName(aliasBase === name ? `${name}Policy` : aliasBase, this.taken) : name;
    this.taken.add(local);
    this.wanted.push({ specifier, name, local, committed: false });
    return local;
  }

  /** Keeps the imports the current edit group asked for (the group was accepted). */
  commitPending(): void {
    for (const w of this.wanted) w.committed = true;
  }

  /** Forgets the imports the current edit group asked for (the group was refused). */
  dropPending(): void {
    for (let i = this.wanted.length - 1; i >= 0; i--) if (!this.wanted[i]!.committed) this.wanted.splice(i, 1);
  }

  /** Says that this pass removes `decl` (an edit spanning it), so new imports keep clear of it. */
  removing(decl: ImportDeclaration): void {
    this.removed.add(decl);
  }

  /** The local name of an existing import of `name` from the module. */
  existingLocal(specifier: string, name: string): string | undefined {
    for (const decl of this.importsOf(specifier)) {
      if (decl.isTypeOnly()) continue;
      for (const n of decl.getNamedImports()) {
        if (n.getName() === name && !n.isTypeOnly()) return n.getAliasNode()?.getText() ?? name;
      }
    }
    if (this.commonJs) {
      for (const v of this.sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
        const init = v.getInitializer();
        const nameNode = v.getNameNode();
        if (!init || !Node.isCallExpression(init) || init.getExpression().getText() !== 'require') continue;
        const arg = init.getArguments()[0];
        if (!arg || !Node.isStringLiteral(arg) || !this.sameModule(arg.getLiteralValue(), specifier)) continue;
        if (!Node.isObjectBindingPattern(nameNode)) continue;
        for (const el of nameNode.getElements()) {
          const prop = el.getPropertyNameNode()?.getText() ?? el.getName();
          if (prop === name) return el.getName();
        }
      }
    }
    return undefined;
  }

  private importsOf(specifier: string): ImportDeclaration[] {
    return this.sf.getImportDeclarations().filter((d) => this.sameModule(d.getModuleSpecifierValue(), specifier));
  }

  edits(): Edit[] {
    const edits: Edit[] = [];
    const bySpecifier = new Map<string, Wanted[]>();
    for (const w of this.wanted.filter((x) => x.committed)) bySpecifier.set(w.specifier, [...(bySpecifier.get(w.specifier) ?? []), w]);
    const newLines: string[] = [];
    for (const [specifier, list] of bySpecifier) {
      const elements = list.map((w) => (w.local === w.name ? w.name : `${w.name} as ${w.local}`));
      if (this.commonJs) {
        const pattern = list.map((w) => (w.local === w.name ? w.name : `${w.name}: ${w.local}`)).join(', ');
        newLines.push(`const { ${pattern} } = require(${quoted(this.style, specifier)})${this.style.semi}`);
        continue;
      }
      const extendable = this.importsOf(specifier).find((d) => !this.removed.has(d) && !d.isTypeOnly() && !d.getNamespaceImport() && d.getNamedImports().length > 0);
      if (extendable) {
        const last = extendable.getNamedImports().at(-1)!;
        edits.push({ start: last.getEnd(), end: last.getEnd(), text: `, ${elements.join(', ')}` });
        continue;
      }
      newLines.push(`import { ${elements.join(', ')} } from ${quoted(this.style, specifier)}${this.style.semi}`);
    }
    if (newLines.length > 0) edits.push(this.insertionEdit(newLines));
    return edits;
  }

  private insertionEdit(lines: string[]): Edit {
    const eol = this.style.eol;
    const statements = this.sf.getStatements();
    const anchors = this.commonJs
      ? statements.filter((s) => Node.isVariableStatement(s) && /^\s*(const|let|var)\s[^=]*=\s*require\(/.test(s.getText()))
      : statements.filter((s) => Node.isImportDeclaration(s) && !this.removed.has(s));
    const lastAnchor = anchors.at(-1);
    if (lastAnchor) return { start: lastAnchor.getEnd(), end: lastAnchor.getEnd(), text: lines.map((l) => eol + l).join('') };
    // No imports yet: after directives ('use strict'), before the first statement and its doc comment.
    const first = statements.find((s) => !(Node.isExpressionStatement(s) && Node.isStringLiteral(s.getExpression())));
    const text = this.sf.getFullText();
    // The only imports are going: the new ones take their place (below the comments above them).
    if (first && Node.isImportDeclaration(first) && this.removed.has(first)) {
      return { start: first.getStart(), end: first.getStart(), text: lines.map((l) => l + eol).join('') };
    }
    if (!first) {
      const end = text.length;
      const sep = end > 0 && !text.endsWith('\n') ? eol : '';
      return { start: end, end, text: sep + lines.map((l) => l + eol).join('') };
    }
    // Above the comments attached to the first statement (they describe it), below a header
    // comment that a blank line separates from it.
    let at = first.getStart();
    const comments = first.getLeadingCommentRanges();
    for (let i = comments.length - 1; i >= 0; i--) {
      const c = comments[i]!;
      if (/\n[ \t]*\r?\n/.test(text.slice(c.getEnd(), at))) break;
      at = c.getPos();
    }
    return { start: at, end: at, text: lines.map((l) => l + eol).join('') + eol };
  }
}
