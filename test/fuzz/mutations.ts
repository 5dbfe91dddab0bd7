// Seeded mutations for fuzzing: documents made from HELM's corpus or our fixtures (deep nesting, comma floods, CR-only
// line ends, long lines, lone surrogates, text after the closing bracket, …) and the edits made to them.
import * as fs from 'fs';
import * as path from 'path';
import type { ConfFile } from '../../server/src/parser/types';
import { corpusConfFiles, fixturePath } from '../helpers/corpus';
import { seededRandom } from '../helpers/random';

/** How big the generated texts get. */
export interface FuzzScale {
  /** Most levels of nesting inserted at once. */
  nesting: number;
  /** Most commas in a flood. */
  flood: number;
  /** Most characters of a long line. */
  line: number;
  /** Most characters pasted into a description at once. */
  paste: number;
  /** Lines of a seed file a document takes (a window at a random place); 0: the whole file. */
  window: number;
}

export interface Seed {
  name: string;
  text: string;
}

/** HELM's corpus when it is beside the project, else our fixtures. */
export function corpusOrFixtures(): Seed[] {
  const corpus = corpusConfFiles();
  const files = corpus.length ? corpus : fs.readdirSync(fixturePath('conf')).map((f) => fixturePath('conf', f));
  return files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') }));
}

/** Our fixtures, and HELM's corpus when it is beside the project. */
export function fuzzSeeds(): Seed[] {
  const files = [...fs.readdirSync(fixturePath('conf')).map((f) => fixturePath('conf', f)), ...corpusConfFiles()];
  return files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') }));
}

export type Rnd = () => number;
const pickOf = (rnd: Rnd) => (n: number): number => Math.floor(rnd() * n);
/** Mostly small, now and then up to `max`: sizes spread over orders of magnitude. */
const sizeUpTo = (rnd: Rnd, max: number): number => Math.max(1, Math.floor(Math.pow(max, rnd())));
const insertAt = (text: string, at: number, s: string): string => text.slice(0, at) + s + text.slice(at);

const SPECIAL = ['{', '}', '[', ']', '"', '"""', ',', ':', '=', '+=', '#', '//', '\n', '\r', '\t', ' ', '\\', '${', '\u00a0', '\ufeff', '\f', 'é', '\ud83d'];
const SNIPPETS = ['a', 'Z', '7', ',', '=', ':', '"', '\\', '\t', ' ', '#', '{', '}', '[', ']', '//', 'é', '"""', '${', '=x', ',k=v', 'model=text', '\ud800', '\udc00'];
const BLANKS = ['\n', '\n  ', '\r\n', '\r', ' ', '\n\n', '\t', '\n\t \n'];
const AFTER_CLOSE = ['x', '\u0000', '}', ']', '[', '{', ',', '{description: "a:x=1"}', ', a: 1', '\n# note\n', '\nentries: []', ' \u0000x', '\\', '\r\n', '"'];
const NESTING = ['{a:', '[', '{a:[', 'a:{', '{'];
const PIECES = ['key=value,', 'subject=anatomy,', 'model=openai/gpt2,', 'a,', 'temperature=1,', ',', 'x=', ' '];

/** A random place inside a run entry's braces (any place when there is none). */
function inEntry(text: string, conf: ConfFile, rnd: Rnd): number {
  const pick = pickOf(rnd);
  const inside = conf.entries.filter((e) => e.node.span.end - e.node.span.start > 2);
  if (!inside.length) return pick(text.length + 1);
  const span = inside[pick(inside.length)].node.span;
  return span.start + 1 + pick(span.end - span.start - 1);
}

/** A random place inside a description string (inside an entry when there is none). */
function inDescription(text: string, conf: ConfFile, rnd: Rnd): number {
  const pick = pickOf(rnd);
  const strings = conf.entries.map((e) => e.description?.node).filter((n) => n?.kind === 'string');
  const node = strings.length ? strings[pick(strings.length)] : undefined;
  if (!node || node.kind !== 'string') return inEntry(text, conf, rnd);
  return node.contentSpan.start + pick(node.contentSpan.end - node.contentSpan.start + 1);
}

/** Text a user might paste into a description: pieces of descriptions, now and then a quote, a brace or a line break. */
function paste(rnd: Rnd, max: number): string {
  const pick = pickOf(rnd);
  const length = 75 + pick(Math.max(1, max - 75));
  let s = '';
  while (s.length < length) s += rnd() < 0.05 ? SPECIAL[pick(SPECIAL.length)] : PIECES[pick(PIECES.length)];
  return s.slice(0, length);
}

function nesting(rnd: Rnd, scale: FuzzScale): string {
  const pick = pickOf(rnd);
  const open = NESTING[pick(NESTING.length)];
  const n = sizeUpTo(rnd, scale.nesting);
  const opened = open.repeat(n);
  if (rnd() < 0.5) return opened;
  // Now and then closed by the other kind of bracket, as in a broken file.
  const swap = rnd() < 0.25;
  const closers = [...open].filter((c) => c === '{' || c === '[').map((c) => ((c === '{') !== swap ? '}' : ']')).reverse().join('');
  return opened + (open.includes('a:') && !open.endsWith('[') ? '1' : '') + closers.repeat(n);
}

/** The offset of a line end (`\r\n`, `\r` or `\n`) at random, or undefined. */
function lineEnd(text: string, rnd: Rnd): number | undefined {
  const ends: number[] = [];
  for (let i = 0; i < text.length && ends.length < 2000; i++) if (text[i] === '\r' || (text[i] === '\n' && text[i - 1] !== '\r')) ends.push(i);
  return ends.length ? ends[pickOf(rnd)(ends.length)] : undefined;
}

/** After the last `]` of the text (its end when there is none). */
function afterClose(text: string): number {
  const i = text.lastIndexOf(']');
  return i < 0 ? text.length : i + 1;
}

// ---------------------------------------------------------------- documents

/** The classic mutations: a character deleted, doubled or swapped; a line deleted, doubled or swapped; the text cut; a special character. */
export function classic(text: string, rnd: Rnd): string {
  const pick = pickOf(rnd);
  const lines = text.split('\n');
  switch (pick(9)) {
    case 0: {
      const i = pick(text.length + 1);
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 1: {
      const i = pick(text.length + 1);
      return text.slice(0, i) + text.charAt(i) + text.slice(i);
    }
    case 2: {
      const i = pick(Math.max(1, text.length - 1));
      return text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
    }
    case 3:
      lines.splice(pick(lines.length), 1);
      return lines.join('\n');
    case 4: {
      const i = pick(lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 5: {
      const i = pick(lines.length);
      const j = pick(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 6:
      return text.slice(0, pick(text.length + 1));
    default:
      return insertAt(text, pick(text.length + 1), SPECIAL[pick(SPECIAL.length)]);
  }
}

type DocumentMutation = (text: string, rnd: Rnd, scale: FuzzScale) => string;

/** The ways a document is mutated before it is opened, by name. */
export const DOCUMENT_MUTATIONS: Readonly<Record<string, DocumentMutation>> = {
  classic,
  crOnly: (text) => text.replace(/\r\n|\n/g, '\r'),
  crlf: (text) => text.replace(/\r?\n/g, '\r\n'),
  deepNesting: (text, rnd, scale) => insertAt(text, pickOf(rnd)(text.length + 1), nesting(rnd, scale)),
  commaFlood: (text, rnd, scale) => insertAt(text, pickOf(rnd)(text.length + 1), ','.repeat(sizeUpTo(rnd, scale.flood))),
  longLine: (text, rnd, scale) => {
    const piece = PIECES[pickOf(rnd)(PIECES.length)];
    const description = `mmlu:${piece.repeat(Math.ceil(sizeUpTo(rnd, scale.line) / piece.length))}`;
    const at = text.indexOf('\n', text.indexOf('[')) + 1;
    return insertAt(text, at, `  {description: "${description}", priority: 1}\n`);
  },
  loneSurrogates: (text, rnd) => {
    let out = text;
    for (let k = 0; k < 3; k++) out = insertAt(out, pickOf(rnd)(out.length + 1), ['\ud800', '\udfff', '\ud83d', '\ude00'][pickOf(rnd)(4)]);
    return out;
  },
  bigPaste: (text, rnd, scale) => {
    const at = text.indexOf('description: "');
    return at < 0 ? text : insertAt(text, at + 'description: "'.length + pickOf(rnd)(5), paste(rnd, scale.paste));
  },
  afterClose: (text, rnd) => insertAt(text, afterClose(text), AFTER_CLOSE[pickOf(rnd)(AFTER_CLOSE.length)]),
  /** The file as one `{…}` (its entries one level deeper). */
  bracedRoot: (text) => `{\n${text}\n}\n`,
};

const DOCUMENT_KINDS = Object.keys(DOCUMENT_MUTATIONS);

/** A window of `lines` lines at a random place (the whole text when it is shorter, or when `lines` is 0). */
export function window(text: string, rnd: Rnd, lines = 40): string {
  if (lines === 0) return text;
  const all = text.split('\n');
  if (all.length <= lines) return text;
  const start = Math.floor(rnd() * (all.length - lines));
  return all.slice(start, start + lines).join('\n');
}

/** A document: a window of a seed file, with up to three mutations (now and then none). */
export function fuzzDocument(seeds: Seed[], rnd: Rnd, scale: FuzzScale): { text: string; kinds: string[] } {
  const pick = pickOf(rnd);
  const seed = seeds[pick(seeds.length)];
  let text = window(seed.text, rnd, scale.window);
  const kinds: string[] = [seed.name];
  const count = pick(4);
  for (let k = 0; k < count; k++) {
    const kind = DOCUMENT_KINDS[pick(DOCUMENT_KINDS.length)];
    text = DOCUMENT_MUTATIONS[kind](text, rnd, scale);
    kinds.push(kind);
  }
  return { text, kinds };
}

// ---------------------------------------------------------------- edits

type Edit = (text: string, conf: ConfFile, rnd: Rnd, scale: FuzzScale) => string;

/** The ways an open document is edited, by name. */
export const EDITS: Readonly<Record<string, Edit>> = {
  /** A snippet typed, deleted or replaced on one line, mostly inside an entry. */
  type: (text, conf, rnd) => {
    const pick = pickOf(rnd);
    const at = rnd() < 0.8 ? inEntry(text, conf, rnd) : pick(text.length + 1);
    let end = at;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const removable = Math.min(end - at, 1 + pick(3));
    const snippet = SNIPPETS[pick(SNIPPETS.length)];
    const how = pick(3);
    return text.slice(0, at) + (how === 1 ? '' : snippet) + text.slice(at + (how === 0 ? 0 : removable));
  },
  /** Blanks and line breaks added or removed after an entry or a comment (Enter, Backspace). */
  blanks: (text, conf, rnd) => {
    const pick = pickOf(rnd);
    const ends = [...conf.entries.map((e) => e.node.span.end), ...conf.comments.map((c) => c.span.end)];
    let at = ends.length ? ends[pick(ends.length)] : pick(text.length + 1);
    if (text[at] === ',' && rnd() < 0.5) at++;
    if (rnd() < 0.5) return insertAt(text, at, BLANKS[pick(BLANKS.length)]);
    let end = at;
    while (end < text.length && ' \t\r\n'.includes(text[end])) end++;
    return text.slice(0, at) + text.slice(at + 1 + pick(Math.max(1, end - at)));
  },
  /** 75 characters or more pasted into a description (and now and then cut again). */
  paste: (text, conf, rnd, scale) => {
    const at = inDescription(text, conf, rnd);
    if (rnd() < 0.2) return text.slice(0, at) + text.slice(Math.min(text.length, at + 75 + pickOf(rnd)(scale.paste)));
    return insertAt(text, at, paste(rnd, scale.paste));
  },
  /** A character typed or deleted just before a line end. */
  beforeLineEnd: (text, _conf, rnd) => {
    const at = lineEnd(text, rnd);
    if (at === undefined) return text;
    if (rnd() < 0.3 && at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r') return text.slice(0, at - 1) + text.slice(at);
    return insertAt(text, at, SNIPPETS[pickOf(rnd)(SNIPPETS.length)]);
  },
  /** Text typed or deleted after the closing `]`. */
  afterClose: (text, _conf, rnd) => {
    const at = afterClose(text);
    if (rnd() < 0.3) return text.slice(0, at) + text.slice(at + 1 + pickOf(rnd)(3));
    return insertAt(text, at, AFTER_CLOSE[pickOf(rnd)(AFTER_CLOSE.length)]);
  },
  /** Deep nesting pasted into an entry. */
  nest: (text, conf, rnd, scale) => insertAt(text, inEntry(text, conf, rnd), nesting(rnd, scale)),
  /** A flood of commas in an entry or a description. */
  flood: (text, conf, rnd, scale) => insertAt(text, rnd() < 0.5 ? inDescription(text, conf, rnd) : inEntry(text, conf, rnd), ','.repeat(sizeUpTo(rnd, scale.flood))),
  /** A lone surrogate (half of an emoji) typed into an entry. */
  surrogate: (text, conf, rnd) => insertAt(text, inEntry(text, conf, rnd), ['\ud83d', '\ude00', '\udfff'][pickOf(rnd)(3)]),
};

/** How often each edit comes: mostly typing, as in an editor. */
const EDIT_WEIGHTS: ReadonlyArray<[string, number]> = [
  ['type', 8],
  ['blanks', 3],
  ['paste', 2],
  ['beforeLineEnd', 2],
  ['afterClose', 1],
  ['nest', 1],
  ['flood', 1],
  ['surrogate', 1],
];
const WEIGHT_SUM = EDIT_WEIGHTS.reduce((n, [, w]) => n + w, 0);

export function editKind(rnd: Rnd): string {
  let r = rnd() * WEIGHT_SUM;
  for (const [kind, w] of EDIT_WEIGHTS) if ((r -= w) < 0) return kind;
  return 'type';
}

/** The random numbers of document `index` of a run: a document replays alone with the same seed and number. */
export function documentRandom(seed: number, index: number): Rnd {
  return seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}
