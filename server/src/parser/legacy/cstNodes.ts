// Reading Chevrotain's CST: tokens and child nodes, their starts, and children in document order (tokens inserted by recovery left out).
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Span } from '../../common/span';

export function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** A real token (Chevrotain's recovery inserts tokens without a location). */
export function realToken(e: CstElement): boolean {
  return isToken(e) && !Number.isNaN(e.startOffset) && e.isInsertedInRecovery !== true;
}

/** Start offset of a token, or of the first real token of a node (NaN when it has none). */
export function startOf(e: CstElement): number {
  if (isToken(e)) return realToken(e) ? e.startOffset : NaN;
  let min = NaN;
  for (const key in e.children) {
    const first = e.children[key][0];
    const o = first === undefined ? NaN : startOf(first);
    if (!(o >= min)) min = Number.isNaN(min) || o < min ? o : min;
  }
  return min;
}

/** Whether startOf(e) is a number: found without taking the least of every child's start. */
function hasStart(e: CstElement): boolean {
  if (isToken(e)) return realToken(e);
  for (const key in e.children) {
    const first = e.children[key][0];
    if (first !== undefined && hasStart(first)) return true;
  }
  return false;
}

/** The first real token of a kind among a node's children. */
export function child(node: CstNode, name: string): IToken | undefined {
  const list = node.children[name];
  if (!list) return undefined;
  for (const e of list) if (isToken(e) && realToken(e)) return e;
  return undefined;
}

export function childNodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] as CstNode[] | undefined) ?? [];
}

export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** The children of a CST node in document order (skipping tokens inserted by recovery). */
export function ordered(node: CstNode): CstElement[] {
  const keys = Object.keys(node.children);
  // Each key's list is already in document order: one kind needs no sorting, nor the starts.
  if (keys.length === 1) return node.children[keys[0]].filter(hasStart);
  const out: CstElement[] = [];
  const starts: number[] = [];
  for (const key of keys) {
    for (const e of node.children[key]) {
      const start = startOf(e);
      if (Number.isNaN(start)) continue;
      out.push(e);
      starts.push(start);
    }
  }
  if (out.length > 1) {
    const order = out.map((_, i) => i).sort((a, b) => starts[a] - starts[b]);
    return order.map((i) => out[i]);
  }
  return out;
}
