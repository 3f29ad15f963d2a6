// What the statement-level incremental lint (statement-incremental.ts) needs to know about each
// top-level statement of a file: the names it declares at the top level, the names outside its own
// locals it may write or mutate, the identifier-like words it mentions, and whether it may be
// blanked out of a reduced text or be the statement an edit lies in. Computed from TypeScript's
// parse, per statement text (a statement's text alone decides all of it).
import ts from 'typescript';

export interface StatementFacts {
  /** Names this statement binds in the module scope (hoisted `var`s of top-level blocks included). */
  declared: readonly string[];
  /**
   * Names it may write or mutate that are not bindings local to it: assignment, ++/--, delete and
   * for-in/of targets, the receivers of mutating methods (`jobs.push(…)`, `headers.set(…)`), the
   * first argument of Object.assign and the like. Other statements see such a change only through
   * the name, so the name links them.
   */
  writes: readonly string[];
  /** Every identifier-like word of its text (strings and comments included: more is safe). */
  words: ReadonlySet<string>;
  /** A function, class, interface or type declaration, or `const f = () => …` / `= function …`. */
  blankable: boolean;
  /** May hold the edit (not an import, re-export, namespace, or string directive). */
  editable: boolean;
  /**
   * Holds no code the rules report on and has no effect of its own: an import, a re-export, an
   * interface or type. Such a statement is kept when something mentions its names, but other
   * statements do not reach each other through it.
   */
  findingless: boolean;
}

/** A statement of one version of the file. Lines are 0-based (TypeScript's). */
export interface PlacedStatement {
  facts: StatementFacts;
  /** The first character of the statement itself (leading comments excluded), and its end. */
  start: number;
  end: number;
  startLine: number;
  endLine: number;
}

const WORD = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/gu;

/** Methods that change the object they are called on (the analysis follows `push`, `set`, `append`). */
const MUTATORS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'fill', 'sort', 'reverse', 'copyWithin', 'set', 'append', 'add', 'delete', 'clear', 'use', 'assign', 'defineProperty', 'defineProperties', 'setPrototypeOf', 'setHeader', 'setHeaders']);

/** The placed statements of a parse, facts reused from `cache` (by text) and added to `next`. */
export function outline(sourceFile: ts.SourceFile, cache: ReadonlyMap<string, StatementFacts>, next: Map<string, StatementFacts>): PlacedStatement[] {
  const text = sourceFile.text;
  return sourceFile.statements.map((statement) => {
    const start = statement.getStart(sourceFile);
    const body = text.slice(start, statement.end);
    let facts = next.get(body) ?? cache.get(body);
    if (!facts) facts = factsOf(statement, body);
    next.set(body, facts);
    return {
      facts,
      start,
      end: statement.end,
      startLine: sourceFile.getLineAndCharacterOfPosition(start).line,
      endLine: sourceFile.getLineAndCharacterOfPosition(statement.end).line,
    };
  });
}

function factsOf(statement: ts.Statement, body: string): StatementFacts {
  return {
    declared: [...declaredNames(statement)],
    writes: [...writtenNames(statement)],
    words: new Set(body.match(WORD) ?? []),
    blankable: isBlankable(statement),
    editable: isEditable(statement),
    findingless:
      ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement),
  };
}

function hasDecorators(node: ts.Node): boolean {
  return ts.canHaveDecorators(node) && (ts.getDecorators(node)?.length ?? 0) > 0;
}

function isFunctionValue(node: ts.Expression | undefined): boolean {
  return node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
}

function isBlankable(statement: ts.Statement): boolean {
  if (ts.isFunctionDeclaration(statement)) return statement.name !== undefined || hasDefaultExport(statement);
  if (ts.isClassDeclaration(statement)) return !hasDecorators(statement) && !statement.members.some(hasDecorators);
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return true;
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.every((d) => ts.isIdentifier(d.name) && isFunctionValue(d.initializer));
  }
  return false;
}

function hasDefaultExport(statement: ts.FunctionDeclaration): boolean {
  return statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) === true;
}

function isEditable(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || ts.isExportDeclaration(statement)) return false;
  if (ts.isModuleDeclaration(statement)) return false;
  if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) return false;
  return true;
}

function bindingNames(name: ts.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) out.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
}

/** `var` declarations of a function body or top-level statement (not those of nested functions). */
function hoistedVars(node: ts.Node, out: Set<string>): void {
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.BlockScoped) === 0) for (const d of n.declarations) bindingNames(d.name, out);
    ts.forEachChild(n, visit);
  };
  visit(node);
}

function declaredNames(statement: ts.Statement): Set<string> {
  const out = new Set<string>();
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) {
    if (statement.name) out.add(statement.name.text);
  } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
    out.add(statement.name.text);
  } else if (ts.isImportEqualsDeclaration(statement)) {
    out.add(statement.name.text);
  } else if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause?.name) out.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) out.add(bindings.name.text);
    else if (bindings) for (const e of bindings.elements) out.add(e.name.text);
  } else if (ts.isVariableStatement(statement)) {
    for (const d of statement.declarationList.declarations) bindingNames(d.name, out);
  }
  // A `var` anywhere in a top-level block, loop or try binds a module-scope name.
  if (!ts.isFunctionDeclaration(statement) && !ts.isClassDeclaration(statement)) hoistedVars(statement, out);
  return out;
}

/** The expression inside parentheses, `as`, `satisfies`, `!` and `<T>` casts. */
function skipOuter(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** The identifier an access chain starts from (`a.b[c].d()` → a). */
function rootOf(expression: ts.Expression): ts.Identifier | undefined {
  let e = skipOuter(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isTaggedTemplateExpression(e)) e = skipOuter(ts.isTaggedTemplateExpression(e) ? e.tag : e.expression);
    else return ts.isIdentifier(e) ? e : undefined;
  }
}

/** Whether `id` names a binding declared inside `statement` whose scope contains `id`. */
function isLocal(id: ts.Identifier, statement: ts.Statement, varsOf: (fn: ts.Node) => Set<string>): boolean {
  const name = id.text;
  for (let n: ts.Node = id.parent; n !== statement.parent; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      for (const p of n.parameters) {
        const names = new Set<string>();
        bindingNames(p.name, names);
        if (names.has(name)) return true;
      }
      if (n !== statement && (ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name?.text === name) return true;
      if ('body' in n && n.body && varsOf(n.body).has(name)) return true;
    } else if (ts.isClassExpression(n) && n.name?.text === name) {
      return true;
    } else if (ts.isBlock(n) || ts.isCaseBlock(n) || ts.isModuleBlock(n)) {
      const statements = ts.isCaseBlock(n) ? n.clauses.flatMap((c) => [...c.statements]) : n.statements;
      for (const s of statements) {
        if (ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0) {
          const names = new Set<string>();
          for (const d of s.declarationList.declarations) bindingNames(d.name, names);
          if (names.has(name)) return true;
        } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name?.text === name) {
          return true;
        }
      }
    } else if ((ts.isForStatement(n) || ts.isForInStatement(n) || ts.isForOfStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      if ((n.initializer.flags & ts.NodeFlags.BlockScoped) !== 0) {
        const names = new Set<string>();
        for (const d of n.initializer.declarations) bindingNames(d.name, names);
        if (names.has(name)) return true;
      }
    } else if (ts.isCatchClause(n) && n.variableDeclaration) {
      const names = new Set<string>();
      bindingNames(n.variableDeclaration.name, names);
      if (names.has(name)) return true;
    }
    if (n === statement) break;
  }
  return false;
}

function writtenNames(statement: ts.Statement): Set<string> {
  const out = new Set<string>();
  const vars = new Map<ts.Node, Set<string>>();
  const varsOf = (body: ts.Node) => {
    let set = vars.get(body);
    if (!set) {
      set = new Set();
      hoistedVars(body, set);
      vars.set(body, set);
    }
    return set;
  };
  const record = (id: ts.Identifier | undefined) => {
    if (id && !isLocal(id, statement, varsOf)) out.add(id.text);
  };
  const targets = (expression: ts.Expression): void => {
    const e = skipOuter(expression);
    if (ts.isIdentifier(e)) record(e);
    else if (ts.isArrayLiteralExpression(e)) for (const element of e.elements) targets(ts.isSpreadElement(element) ? element.expression : element);
    else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) targets(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) record(p.name);
        else if (ts.isSpreadAssignment(p)) targets(p.expression);
      }
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) targets(e.left);
    else record(rootOf(e));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      targets(node.left);
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      targets(node.operand);
    } else if (ts.isDeleteExpression(node)) {
      targets(node.expression);
    } else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      targets(node.initializer);
    } else if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
      if (method !== undefined && MUTATORS.has(method) && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) {
        const receiver = rootOf(callee.expression);
        const first = node.arguments[0];
        // Object.assign(target, …), Reflect.set(target, …): the first argument is changed.
        if ((receiver?.text === 'Object' || receiver?.text === 'Reflect') && first) record(rootOf(first));
        record(receiver);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return out;
}
