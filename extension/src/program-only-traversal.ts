// ESLint runs rules by walking the whole AST once per lint: it records an enter and an exit step
// for every node (with code-path analysis on the way), then replays the steps, matching each
// node against every selector the rules listen to. Every Breakwater rule listens only to
// `Program:exit` (the analysis runs once for the whole file), so for them that walk is a
// fifth of a lint spent on nothing. A SourceCode made here offers ESLint the same two steps the
// rules can observe — entering and leaving Program — after setting each node's `parent` exactly
// as ESLint's walk does (the analysis reads parents). Everything else stays ESLint's: rule
// options and severities, reports, suggestions, fixes, disable directives, inline configs.
//
// Should any rule ever listen to anything else (a node type, a selector, a code-path event),
// ESLint gets its own full traversal for that lint: the rules say what they listen to when
// ESLint creates them, which happens after it asks for the steps but before it reads them.
import { SourceCode, type Rule } from 'eslint';

type TraversalStep = ReturnType<SourceCode['traverse']> extends Iterable<infer S> ? S : never;
type VisitorKeys = SourceCode.VisitorKeys;
type AstNode = { type: string; parent?: AstNode | null } & Record<string, unknown>;

const PROGRAM_EVENTS = new Set(['Program', 'Program:exit']);

/** Whether the rules created for the current lint listen to Program only. Reset before each lint. */
export class ListenerWatch {
  programOnly = true;
}

/** The plugin with each rule's `create` replaced by `wrap(rule)`; the rules are otherwise unchanged. */
export function wrappingCreate<P extends { rules?: Record<string, unknown> }>(plugin: P, wrap: (rule: Rule.RuleModule) => Rule.RuleModule['create']): P {
  const rules: Record<string, Rule.RuleModule> = {};
  for (const [name, rule] of Object.entries(plugin.rules ?? {}) as Array<[string, Rule.RuleModule]>) rules[name] = { ...rule, create: wrap(rule) };
  return { ...plugin, rules };
}

/** The plugin with each rule's `create` reporting what the rule listens to. */
export function watchingRules<P extends { rules?: Record<string, unknown> }>(plugin: P, watch: ListenerWatch): P {
  return wrappingCreate(plugin, (rule) => (context) => {
    const listeners = rule.create(context);
    for (const event of Object.keys(listeners)) if (!PROGRAM_EVENTS.has(event)) watch.programOnly = false;
    return listeners;
  });
}

/** Per SourceCode (ESLint freezes the instance its constructor builds): its watch, and how it was walked. */
const traversals = new WeakMap<SourceCode, { watch: ListenerWatch; traversal?: 'program-only' | 'full' }>();

export class ProgramOnlySourceCode extends SourceCode {
  constructor(config: SourceCode.Config, watch: ListenerWatch) {
    super(config);
    traversals.set(this, { watch });
  }

  /** How ESLint walked this file's AST, once it has. */
  get traversal(): 'program-only' | 'full' | undefined {
    return traversals.get(this)?.traversal;
  }

  override traverse(): Iterable<TraversalStep> {
    const full = () => super.traverse();
    const program = this.ast as unknown as AstNode;
    const visitorKeys = this.visitorKeys;
    const state = traversals.get(this)!;
    return {
      [Symbol.iterator]() {
        state.traversal = state.watch.programOnly ? 'program-only' : 'full';
        if (state.traversal === 'full') return full()[Symbol.iterator]();
        setParents(program, null, visitorKeys);
        const steps = [1, 2].map((phase) => ({ type: 'visit', kind: 1, target: program, phase, args: [program] }));
        return (steps as unknown as TraversalStep[])[Symbol.iterator]();
      },
    };
  }
}

/** What ESLint's traverser does to every node it enters (lib/shared/traverser.js), and nothing else. */
function setParents(node: AstNode, parent: AstNode | null, visitorKeys: VisitorKeys): void {
  node.parent = parent;
  for (const key of visitorKeys[node.type] ?? fallbackKeys(node)) {
    const child = node[key];
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) setParents(item, node, visitorKeys);
    } else if (isNode(child)) {
      setParents(child, node, visitorKeys);
    }
  }
}

function isNode(value: unknown): value is AstNode {
  return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string';
}

/** eslint-visitor-keys' getKeys, which ESLint uses for a node type the parser's keys lack. */
function fallbackKeys(node: AstNode): string[] {
  return Object.keys(node).filter((key) => key !== 'parent' && key !== 'leadingComments' && key !== 'trailingComments' && !key.startsWith('_'));
}
