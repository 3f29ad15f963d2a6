// superagent chains: `.timeout(ms)` and `.set(name, value)` go after the last request-building
// call, before `.end()`/`.then()`, on their own line when the chain is written one call per line.
import { Node } from 'ts-morph';
import type { Edit } from './edits.js';
import { indentAt } from './source.js';

const TERMINAL = new Set(['end', 'then', 'catch', 'finally', 'pipe']);

export function appendToChain(outermost: Node, member: string): Edit[] {
  let target: Node = outermost;
  while (Node.isCallExpression(target)) {
    const callee = target.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !TERMINAL.has(callee.getName())) break;
    target = callee.getExpression();
  }
  const text = target.getSourceFile().getFullText();
  let insert = member;
  if (Node.isCallExpression(target)) {
    const callee = target.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      const name = callee.getNameNode().getStart();
      const between = text.slice(callee.getExpression().getEnd(), name);
      if (between.includes('\n')) insert = `${between.includes('\r\n') ? '\r\n' : '\n'}${indentAt(text, name)}${member}`;
    }
  }
  return [{ start: target.getEnd(), end: target.getEnd(), text: insert }];
}
