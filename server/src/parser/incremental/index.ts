// updateConf: the next version of a parsed conf file, re-reading only the run entry an edit falls in.
//
// Typing inside one entry of a 400-line file should not parse the other 399 again:
// - a change on one line, strictly inside an entry object that stands alone on its lines: that entry
//   is parsed on its own and put in place of the old one. A syntax error elsewhere in the file stays as
//   it was; one in the entry (a key typed without its `:` yet) is allowed when it lies between the
//   entry's braces and the braces and brackets pair up, before the edit and after it: Chevrotain's
//   recovery then stays inside the entry, as in a full parse (an unclosed `[` would reach past it);
// - in a file with no syntax error, blanks and line breaks added or removed between the entries of an
//   array (Enter, Backspace at the start of a line): nothing is parsed again;
// and every span after the change moves by its change in length. Anything else is parsed in full.
// The result equals parseConf(text) (test/unit/incremental.test.ts and the fuzzing of test/unit/fuzz.test.ts compare them).
//
// The previous ConfFile is taken over: its nodes after the edit are moved in place, so the caller
// must not use it afterwards (ParsedDocuments keeps only the latest version of each document).
import { parseConf } from '../index';
import type { ConfFile } from '../types';
import { spliceBlanks } from './blanks';
import { changeOf } from './change';
import { spliceEntry } from './entry';

/** The next version of `prev` for `text`: spliced when the edit allows it, else parsed in full. */
export function updateConf(prev: ConfFile, text: string): ConfFile {
  if (prev.text === text) return prev;
  try {
    return splice(prev, text) ?? parseConf(text);
  } catch {
    return parseConf(text);
  }
}

function splice(prev: ConfFile, text: string): ConfFile | undefined {
  const change = changeOf(prev.text, text);
  const entry = spliceEntry(prev, text, change);
  if (entry) return entry;
  if (prev.problems.some((p) => p.code === 'syntax-error')) return undefined;
  return spliceBlanks(prev, text, change);
}
