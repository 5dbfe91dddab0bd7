// The nesting limit: what lies deeper than MAX_NESTING levels of `{` and `[` is left out of the parse, with a problem where it starts.
import type { HelmDiagnostic } from '../common/diagnostic';
import * as T from './tokenKinds';
import { TokenList } from './tokenKinds';

/**
 * Levels of `{` and `[` read, counted from the top of the file (`entries: [` is one, an entry in it
 * two). pyhocon reads nesting recursively: with Python's default recursion limit it stops with a
 * RecursionError at about 32 levels of objects (lists reach some 58). The parser, the model and the
 * services recurse too, so they go no deeper either.
 */
export const MAX_NESTING = 32;

/** Places reported at most (a file can hold thousands; the first ones tell). */
const MAX_REPORTED = 100;

/** Where an object is: before a key, after a key (a `{` may follow), after `:` (newlines may follow), or in a value. */
type Phase = 'key' | 'named' | 'separated' | 'value';

interface Level {
  object: boolean;
  phase: Phase;
  /** Index of its opening token. */
  at: number;
  /** Where the object around it is once it closes: before a key after `key {…}` (that one object is the field's value), else in a value. */
  resume: Phase;
}

/**
 * The levels open as the parser sees them, recovery included: a closing bracket closes the nearest
 * open one of its kind and every level above it (Chevrotain's recovery inserts the missing closers),
 * or nothing when none of its kind is open (recovery skips it); a `{` or `[` where an object expects a
 * key closes that object first (recovery inserts its `}`), so that lines of entries left without
 * their `}` do not pile up. The parser goes no deeper than this count.
 */
class Levels {
  readonly stack: Level[] = [];
  /** Open objects and lists, by kind: a closing bracket of a kind none is open of is passed in one step. */
  private objects = 0;
  private lists = 0;

  /** The opening token (of kind `kind`) at `at` opens a level; false when it would be deeper than `limit` (then it is a value that opens nothing). */
  open(kind: number, at: number, limit: number): boolean {
    let top = this.stack[this.stack.length - 1];
    while (top?.object && top.phase === 'key') {
      this.stack.pop();
      this.objects--;
      top = this.stack[this.stack.length - 1];
    }
    const object = kind === T.LBrace;
    const resume: Phase = object && top?.phase === 'named' ? 'key' : 'value';
    if (top?.object) top.phase = 'value';
    if (this.stack.length >= limit) return false;
    this.stack.push({ object, phase: 'key', at, resume });
    if (object) this.objects++;
    else this.lists++;
    return true;
  }

  /** The levels a closing token (of kind `kind`) closes (innermost first); none when no level of its kind is open. */
  close(kind: number): Level[] {
    const object = kind === T.RBrace;
    if ((object ? this.objects : this.lists) === 0) return [];
    let k = this.stack.length - 1;
    while (this.stack[k].object !== object) k--;
    const closed = this.stack.splice(k).reverse();
    for (const level of closed) {
      if (level.object) this.objects--;
      else this.lists--;
    }
    const top = this.stack[this.stack.length - 1];
    if (top?.object) top.phase = closed[closed.length - 1].resume;
    return closed;
  }

  /** Any other token: where the innermost object now is. */
  other(tt: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top?.object) return;
    if (tt === T.NL) {
      if (top.phase === 'value') top.phase = 'key';
    } else if (tt === T.Comma) top.phase = 'key';
    else if (tt === T.Colon || tt === T.Equals || tt === T.PlusEquals) top.phase = 'separated';
    else if (tt === T.KeyText || ((tt === T.QuotedString || tt === T.TripleString) && top.phase === 'key')) top.phase = 'named';
    else if (tt !== T.Include && tt !== T.LineContinuation) top.phase = 'value';
  }
}

const opens = (kind: number): boolean => kind === T.LBrace || kind === T.LBracket;
const closes = (kind: number): boolean => kind === T.RBrace || kind === T.RBracket;

/**
 * The tokens, with what an opening bracket deeper than MAX_NESTING holds left out: the bracket and
 * the token that closes it stay (an empty object or list), or, when nothing closes it, the bracket and
 * the rest of its line go (kept, it would leave one more level open below). Each such place gets a
 * problem. The tokens themselves when none is that deep.
 */
export function limitNesting(tokens: TokenList, problems: HelmDiagnostic[]): TokenList {
  const { kind, count } = tokens;
  // The token that closes each opening one (-1: none), as the parser sees it (see Levels).
  const closer = new Int32Array(count).fill(-1);
  let tooDeep = false;
  const all = new Levels();
  for (let i = 0; i < count; i++) {
    const k = kind[i];
    if (opens(k)) {
      all.open(k, i, Infinity);
      if (all.stack.length > MAX_NESTING) tooDeep = true;
    } else if (closes(k)) for (const level of all.close(k)) closer[level.at] = i;
    else all.other(k);
  }
  if (!tooDeep) return tokens;

  const out = new TokenList(count);
  const keep = (i: number): void => out.push(kind[i], tokens.start[i], tokens.end[i]);
  const kept = new Levels();
  let reported = 0;
  for (let i = 0; i < count; i++) {
    const k = kind[i];
    if (opens(k)) {
      if (kept.open(k, i, MAX_NESTING)) {
        keep(i);
        continue;
      }
      if (reported++ < MAX_REPORTED) problems.push(tooDeepProblem(k === T.LBrace ? '{' : '[', tokens.start[i]));
      const end = closer[i];
      if (end < 0) {
        while (i + 1 < count && kind[i + 1] !== T.NL) i++;
        continue;
      }
      // Kept as an empty object or list: closed by its own closing token, or by an outer one that closes it too.
      keep(i);
      const own = kind[end] === (k === T.LBrace ? T.RBrace : T.RBracket);
      if (own) keep(end);
      i = own ? end : end - 1;
      continue;
    }
    if (closes(k)) kept.close(k);
    else kept.other(k);
    keep(i);
  }
  return out;
}

function tooDeepProblem(bracket: string, start: number): HelmDiagnostic {
  return {
    code: 'syntax-error',
    severity: 'error',
    message:
      `Nested more than ${MAX_NESTING} levels deep: pyhocon reads nesting recursively, and with Python's default recursion limit it stops ` +
      'with `RecursionError: maximum recursion depth exceeded` at about 32 levels of objects (some 58 of lists), so helm-run fails. ' +
      `What this \`${bracket}\` holds is not checked.`,
    span: { start, end: start + 1 },
  };
}
