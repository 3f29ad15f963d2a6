// Finds the ts-morph node for something the analysis reported, from its [start, end) range: the
// analysis is the single source of truth for *what* to fix; ts-morph is how we edit it.
import { Node, type Identifier, type SourceFile } from 'ts-morph';

type Range = readonly [number, number];

/** The innermost node spanning exactly `range` (leading trivia excluded) that satisfies `accept`. */
export function nodeAt(sf: SourceFile, range: Range, accept: (n: Node) => boolean = () => true): Node | undefined {
  const [start, end] = range;
  let node: Node | undefined = sf.getDescendantAtPos(start);
  while (node && !Node.isSourceFile(node)) {
    const s = node.getStart();
    const e = node.getEnd();
    if (s < start || e > end) return undefined;
    if (s === start && e === end && accept(node)) return node;
    node = node.getParent();
  }
  return undefined;
}

export function callAt(sf: SourceFile, range: Range): Node | undefined {
  return nodeAt(sf, range, (n) => Node.isCallExpression(n) || Node.isNewExpression(n));
}

/** The statement that contains `node` and sits directly in a statement list (block, file, case). */
export function enclosingListStatement(node: Node): Node | undefined {
  let n: Node | undefined = node;
  while (n) {
    const parent: Node | undefined = n.getParent();
    if (!parent) return undefined;
    if ((Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent) || Node.isModuleBlock(parent)) && Node.isStatement(n)) return n;
    if (Node.isFunctionLikeDeclaration(parent) && !Node.isBlock(n)) return undefined; // an arrow's expression body
    n = parent;
  }
  return undefined;
}

/** Whether `inner` lies within `outer`. */
export function contains(outer: Node, inner: Node): boolean {
  return inner.getStart() >= outer.getStart() && inner.getEnd() <= outer.getEnd();
}

/**
 * The identifiers spelled `name` in the file, in document order: what
 * `sf.getDescendantsOfKind(SyntaxKind.Identifier)` filtered by their text gives (JSDoc included),
 * found from the name's occurrences in the text instead of wrapping every identifier of the file.
 */
export function identifiersNamed(sf: SourceFile, name: string): Identifier[] {
  const text = sf.getFullText();
  const found: Identifier[] = [];
  for (let at = text.indexOf(name); at >= 0 && name !== ''; at = text.indexOf(name, at + 1)) {
    const node = sf.getDescendantAtPos(at);
    if (node && Node.isIdentifier(node) && node.getStart() === at && node.getText() === name) found.push(node);
  }
  return found;
}
