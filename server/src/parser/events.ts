// What a parse of the tokens records, in order, for the model to be built from: each grammar rule entered and left, each token it took (typed arrays, no tree of objects).

/** The grammar's rules (confFile → members → field → value → object/array). */
export const CONF_FILE = 0;
export const MEMBERS = 1;
export const FIELD = 2;
export const VALUE = 3;
export const OBJECT = 4;
export const ARRAY = 5;

export const RULE_NAMES = ['confFile', 'members', 'field', 'value', 'object', 'array'] as const;

/**
 * The record of a parse. A token taken is its index (≥ 0); a rule entered is two slots, `-(rule + 1)`
 * and the position of its exit; a rule left is EXIT. Tokens inserted by error recovery are not
 * recorded (they have no place in the text).
 */
export class ParseEvents {
  static readonly EXIT = -100;
  buf: Int32Array;
  length = 0;
  private open: number[] = [];

  constructor(capacity: number) {
    this.buf = new Int32Array(Math.max(64, capacity));
  }

  enter(rule: number): void {
    if (this.length + 2 > this.buf.length) this.grow();
    this.open.push(this.length);
    this.buf[this.length++] = -(rule + 1);
    this.buf[this.length++] = 0;
  }

  exit(): void {
    if (this.length + 1 > this.buf.length) this.grow();
    const at = this.open.pop();
    if (at !== undefined) this.buf[at + 1] = this.length;
    this.buf[this.length++] = ParseEvents.EXIT;
  }

  token(index: number): void {
    if (this.length + 1 > this.buf.length) this.grow();
    this.buf[this.length++] = index;
  }

  private grow(): void {
    const buf = new Int32Array(this.buf.length * 2);
    buf.set(this.buf);
    this.buf = buf;
  }
}

/** The rule of the node entered at `at`. */
export function ruleAt(ev: Int32Array, at: number): number {
  return -ev[at] - 1;
}

/** Position of the node's exit (its children lie between `at + 2` and there). */
export function exitOf(ev: Int32Array, at: number): number {
  return ev[at + 1];
}

/** The next child of the node after the child at `i` (a token or a node entered there). */
export function nextChild(ev: Int32Array, i: number): number {
  return ev[i] >= 0 ? i + 1 : ev[i + 1] + 1;
}

/** The first child node of rule `rule` of the node at `at`, or -1. */
export function childNode(ev: Int32Array, at: number, rule: number): number {
  const end = ev[at + 1];
  for (let i = at + 2; i < end; i = nextChild(ev, i)) if (ev[i] < 0 && -ev[i] - 1 === rule) return i;
  return -1;
}

/** The first token of a kind among the node's own children (not its children's), or -1. */
export function childToken(ev: Int32Array, kinds: Uint8Array, at: number, kind: number): number {
  const end = ev[at + 1];
  for (let i = at + 2; i < end; i = nextChild(ev, i)) if (ev[i] >= 0 && kinds[ev[i]] === kind) return ev[i];
  return -1;
}

/** The first token anywhere in the node, or -1 (a node that took no token has no place). */
export function firstToken(ev: Int32Array, at: number): number {
  const end = ev[at + 1];
  for (let i = at + 2; i < end; ) {
    const v = ev[i];
    if (v >= 0) return v;
    i += v === ParseEvents.EXIT ? 1 : 2;
  }
  return -1;
}
