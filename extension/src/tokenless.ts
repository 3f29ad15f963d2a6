// Diagnostics without tokens. ESLint's parser contract asks for every token of the file, and
// typescript-eslint's parser always converts them (a fifth of a lint); but the only Breakwater code
// that reads tokens builds the rules' suggestions, and the diagnostics the lint worker sends carry
// no suggestions (quick fixes are built by the other worker, from a lint with tokens). So the lint
// worker parses without tokens and runs the rules with their suggestions left out.
//
// Never silently wrong: the SourceCode made here has no token API. A rule (or ESLint) that asks it
// for a token, or reads `ast.tokens` / `tokensAndComments`, gets a TokensOmitted error, and the
// engine lints the file again with tokens (lint-engine.ts).
//
// Comments likewise: ESLint reads them for its directives only (`eslint-disable…`, `eslint`,
// `global(s)`, `exported`, `eslint-env`: lib/shared/directives.js), and no Breakwater code reads
// them. A text in which none of those words occurs cannot hold a directive, so it is parsed
// without comments too; `getAllComments()` and the comment API then throw TokensOmitted. (A rule
// reading `ast.comments` itself would see none; ESLint reads it there, so it cannot throw.)
import { SourceCode, type Rule } from 'eslint';
import { parseAndGenerateServices, type ParserServices, type TSESTree, type TSESTreeOptions } from '@typescript-eslint/typescript-estree';
import { analyze, type ScopeManager } from '@typescript-eslint/scope-manager';
import { visitorKeys, type VisitorKeys } from '@typescript-eslint/visitor-keys';
import type { IncrementalParser } from './incremental-parse.js';
import { ProgramOnlySourceCode, wrappingCreate, type ListenerWatch } from './program-only-traversal.js';

/** Every directive ESLint reads from comments contains one of these words, in lower case. */
const DIRECTIVE_WORDS = /eslint|global|exported/;

/** Whether the text may hold an ESLint directive comment (else its comments can go unparsed). */
export function mayHoldDirectives(text: string): boolean {
  return DIRECTIVE_WORDS.test(text);
}

/** A token was asked for where none were parsed. */
export class TokensOmitted extends Error {
  constructor(what: string) {
    super(`Breakwater's diagnostics lint parsed no tokens, and ${what} needs them`);
  }
}

type ParserOptions = Record<string, unknown> & {
  sourceType?: unknown;
  ecmaFeatures?: { jsx?: unknown; globalReturn?: boolean };
  jsxPragma?: string | null;
  jsxFragmentName?: string | null;
};

/**
 * @typescript-eslint/parser's parseForESLint (8.72, dist/parser.js) without the tokens: the same
 * typescript-estree options (tokens excepted) and the same scope analysis. The extension never
 * passes a `project`, so the parser's program-derived options (lib, JSX factories) never apply.
 */
export function parseWithoutTokens(
  code: string,
  options: ParserOptions,
  { comments, incremental }: { comments: boolean; incremental?: IncrementalParser } = { comments: true },
): { ast: TSESTree.Program; services: ParserServices; scopeManager: ScopeManager; visitorKeys: VisitorKeys } {
  const parserOptions = { ...options };
  if (parserOptions.sourceType !== 'module' && parserOptions.sourceType !== 'script') parserOptions.sourceType = 'script';
  const ecmaFeatures = typeof parserOptions.ecmaFeatures === 'object' && parserOptions.ecmaFeatures !== null ? parserOptions.ecmaFeatures : {};
  const tsestreeOptions = {
    jsx: typeof ecmaFeatures.jsx === 'boolean' ? ecmaFeatures.jsx : false,
    ...parserOptions,
    onUnsupportedTypeScriptVersion: 'warn',
    errorOnTypeScriptSyntacticAndSemanticIssues: false,
    comment: comments,
    loc: true,
    range: true,
    tokens: false,
  } as TSESTreeOptions;
  if ('project' in parserOptions || 'projectService' in parserOptions) throw new Error('parseWithoutTokens: typed linting is not supported');
  // typescript-estree parses the text itself, or converts the SourceFile it is handed.
  const source = incremental
    ? incremental.sourceFileFor(code, {
        filePath: String(tsestreeOptions.filePath),
        jsx: tsestreeOptions.jsx === true,
        jsDocParsingMode: tsestreeOptions.jsDocParsingMode,
        sourceType: parserOptions.sourceType as 'module' | 'script',
      })
    : code;
  const { ast, services } = parseAndGenerateServices(source, tsestreeOptions);
  (ast as { sourceType?: unknown }).sourceType = parserOptions.sourceType;
  if (!comments) ast.comments = [];
  const scopeManager = analyze(ast, {
    globalReturn: ecmaFeatures.globalReturn,
    jsxFragmentName: parserOptions.jsxFragmentName,
    jsxPragma: parserOptions.jsxPragma,
    sourceType: parserOptions.sourceType as 'module' | 'script',
  } as Parameters<typeof analyze>[1]);
  const s = services as { emitDecoratorMetadata?: boolean; experimentalDecorators?: boolean; isolatedDeclarations?: boolean };
  s.emitDecoratorMetadata ??= parserOptions['emitDecoratorMetadata'] === true;
  s.experimentalDecorators ??= parserOptions['experimentalDecorators'] === true;
  s.isolatedDeclarations ??= parserOptions['isolatedDeclarations'] === true;
  return { ast, services, scopeManager, visitorKeys };
}

/** A SourceCode over an AST parsed without tokens: every way to a token throws TokensOmitted. */
export class TokenlessSourceCode extends ProgramOnlySourceCode {
  constructor(config: SourceCode.Config, watch: ListenerWatch) {
    // ESLint's constructor checks that `ast.tokens` is an array and indexes it (with the comments);
    // after that, nobody may read it.
    let constructing = true;
    Object.defineProperty(config.ast, 'tokens', {
      configurable: true,
      get() {
        if (constructing) return [];
        throw new TokensOmitted('ast.tokens');
      },
    });
    super(config, watch);
    constructing = false;
  }
}

// The token API (ESLint's TokenStore, which SourceCode extends) and the merged token list.
for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(SourceCode.prototype) as object)) {
  if (name === 'constructor') continue;
  Object.defineProperty(TokenlessSourceCode.prototype, name, {
    value() {
      throw new TokensOmitted(`sourceCode.${name}()`);
    },
  });
}
Object.defineProperty(TokenlessSourceCode.prototype, 'tokensAndComments', {
  get() {
    throw new TokensOmitted('sourceCode.tokensAndComments');
  },
  // ESLint's constructor assigns it; the assignment lands here and is dropped.
  set() {},
});

/** A TokenlessSourceCode over an AST parsed without comments either (mayHoldDirectives was false). */
export class CommentlessSourceCode extends TokenlessSourceCode {
  override getAllComments(): never {
    throw new TokensOmitted('sourceCode.getAllComments()');
  }
}

/** The plugin with its rules reporting no suggestions (whatever else they report is unchanged). */
export function withoutSuggestions<P extends { rules?: Record<string, unknown> }>(plugin: P): P {
  return wrappingCreate(plugin, (rule) => (context) => {
    const report = (...args: unknown[]) => {
      if (args.length !== 1) return (context.report as (...a: unknown[]) => void)(...args);
      const { suggest: _suggest, ...rest } = args[0] as Rule.ReportDescriptor & { suggest?: unknown };
      context.report(rest as Rule.ReportDescriptor);
    };
    return rule.create(Object.create(context, { report: { value: report } }) as Rule.RuleContext);
  });
}
