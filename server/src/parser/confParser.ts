// The Chevrotain parser for conf files with a syntax error (where the direct build gives up, directBuild.ts): pyhocon's grammar with Chevrotain's error recovery (at `}`, `]`, newline and `,`), recording the events the model is built from. Loaded on first use.
import { createToken, EmbeddedActionsParser, EOF, Lexer, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { MAX_SYNTAX_ERRORS } from './confSyntax';
import { CONF_FILE, ParseEvents, RULE_NAMES } from './events';
import * as K from './tokenKinds';
import type { TokenList } from './tokenKinds';
import type { RecognitionError } from './syntaxErrors';

/** A token as Chevrotain's parser reads it, with its index in the token list. */
interface ConfToken extends IToken {
  index: number;
}

/** Chevrotain's token types, by kind; the scanner reads the text (test/unit/tokens.test.ts holds it to Chevrotain's lexer). */
const TYPES: TokenType[] = K.KIND_NAMES.map((name) => createToken({ name, pattern: Lexer.NA }));
const T = (kind: number): TokenType => TYPES[kind];
/** The kind of each of our token types, by Chevrotain's index of the type. */
const KIND_OF_TYPE = new Map<number, number>(TYPES.map((type, kind) => [type.tokenTypeIdx as number, kind]));

/**
 * What the parser uses of Chevrotain's recognizer beyond its typed surface (chevrotain 11): the hook
 * for every recognition error, and the tree builder's hooks (rule entered, rule left, token taken),
 * which record the parse's events in place of a CST.
 */
interface RecognizerInternals {
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  moveToTerminatedState(): void;
  findReSyncTokenType(): TokenType;
  flattenFollowSet(): TokenType[];
  /** The index of the last token read (the next is at currIdx + 1). */
  currIdx: number;
  cstInvocationStateUpdate(fullRuleName: string): void;
  cstFinallyStateUpdate(): void;
  cstPostTerminal(key: string, token: IToken): void;
}

const recognizer = EmbeddedActionsParser.prototype as unknown as RecognizerInternals;
const RULE_INDEX = new Map<string, number>(RULE_NAMES.map((name, i) => [name, i]));

class ConfRecoveringParser extends EmbeddedActionsParser {
  /** Recognition errors of the parse under way. */
  errorCount = 0;
  events = new ParseEvents(64);

  constructor() {
    super(TYPES, { recoveryEnabled: true, maxLookahead: 1, skipValidations: true });
    const self = this as unknown as RecognizerInternals;
    self.cstInvocationStateUpdate = (name) => this.events.enter(RULE_INDEX.get(name) ?? CONF_FILE);
    self.cstFinallyStateUpdate = () => this.events.exit();
    self.cstPostTerminal = (_key, token) => {
      if (token.isInsertedInRecovery !== true && !Number.isNaN(token.startOffset)) this.events.token((token as ConfToken).index);
    };
    this.performSelfAnalysis();
  }

  /**
   * Chevrotain's hook for every recognition error. Each recovery walks the grammar, and one inside a
   * repetition calls the repetition again, a few stack frames deeper per error: from the
   * MAX_SYNTAX_ERRORSth error on, the rest of the input reads as its end, so that a file of a hundred
   * thousand broken lines takes neither minutes nor the whole stack.
   */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const saved = recognizer.SAVE_ERROR.call(this, error);
    if (++this.errorCount >= MAX_SYNTAX_ERRORS) recognizer.moveToTerminatedState.call(this);
    return saved;
  }

  /**
   * Where each kind's tokens are in the input, in order (set for each parse), and whether to look
   * for the resync token as Chevrotain itself does (the reference: test/unit/recoveryResync.test.ts).
   */
  positions: Int32Array[] = [];
  chevrotainResync = false;

  /**
   * The token type to resync at in a recovery: that of the first token from the next one on whose type
   * is in the rule stack's follow sets, EOF when none comes. Chevrotain looks token by token, matching
   * each against the whole set: at the top level, whose set is EOF alone, each recovery walked to the
   * end of the file, and a file of 20,000 entries after its root took more than a second. Here each
   * type of the set is looked up in its kind's positions instead. (Our types have no categories: a
   * token matches its own type only.)
   */
  findReSyncTokenType(): TokenType {
    const self = this as unknown as RecognizerInternals;
    if (this.chevrotainResync) return recognizer.findReSyncTokenType.call(this);
    const from = self.currIdx + 1;
    let best = Number.POSITIVE_INFINITY;
    let found: TokenType = EOF;
    for (const type of self.flattenFollowSet()) {
      const kind = KIND_OF_TYPE.get(type.tokenTypeIdx as number);
      if (kind === undefined) continue;
      const at = firstAtOrAfter(this.positions[kind], from);
      if (at < best) {
        best = at;
        found = type;
      }
    }
    return found;
  }

  /** pyhocon: optional newlines, then a list, a `{…}` object, or the fields of an object without braces. */
  public confFile = this.RULE('confFile', () => {
    this.MANY(() => this.CONSUME(T(K.NL)));
    this.OR([
      { ALT: () => this.SUBRULE(this.array) },
      { ALT: () => this.SUBRULE(this.object) },
      { ALT: () => this.SUBRULE(this.members) },
    ]);
    this.MANY2(() => this.OR2([{ ALT: () => this.CONSUME2(T(K.NL)) }, { ALT: () => this.CONSUME(T(K.Comma)) }]));
  });

  /** The inside of an object: fields and includes, separated by newlines or commas (any number of them). */
  public members = this.RULE('members', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T(K.NL)) },
        { ALT: () => this.CONSUME(T(K.Comma)) },
        { ALT: () => this.CONSUME(T(K.Include)) },
        { ALT: () => this.SUBRULE(this.field) },
      ]),
    );
  });

  public field = this.RULE('field', () => {
    this.OR([
      { ALT: () => this.CONSUME(T(K.KeyText)) },
      { ALT: () => this.CONSUME(T(K.QuotedString)) },
      { ALT: () => this.CONSUME(T(K.TripleString)) },
    ]);
    this.OR2([
      {
        // pyhocon allows newlines between a key and its `:` or `{`.
        GATE: () => this.separatorFollows(),
        ALT: () => {
          this.MANY(() => this.CONSUME(T(K.NL)));
          this.OR3([
            { ALT: () => this.SUBRULE(this.object) },
            {
              ALT: () => {
                this.OR4([
                  { ALT: () => this.CONSUME(T(K.Colon)) },
                  { ALT: () => this.CONSUME(T(K.Equals)) },
                  { ALT: () => this.CONSUME(T(K.PlusEquals)) },
                ]);
                this.MANY2(() => this.CONSUME2(T(K.NL)));
                this.OPTION(() => this.SUBRULE(this.value));
              },
            },
          ]);
        },
      },
      // A key without separator (an error, reported when the model is built): keep its value on the line, so the next entries parse.
      { ALT: () => this.SUBRULE2(this.value) },
      // A key alone (an error, reported when the model is built).
      { ALT: () => undefined },
    ]);
  });

  /** After newlines, does a `:`, `=`, `+=` or `{` come? */
  private separatorFollows(): boolean {
    for (let i = 1; ; i++) {
      const t = this.LA(i).tokenType;
      if (t === T(K.NL)) continue;
      return t === T(K.Colon) || t === T(K.Equals) || t === T(K.PlusEquals) || t === T(K.LBrace);
    }
  }

  /** One value, or several on one line that pyhocon concatenates. */
  public value = this.RULE('value', () => {
    this.AT_LEAST_ONE(() =>
      this.OR([
        { ALT: () => this.CONSUME(T(K.QuotedString)) },
        { ALT: () => this.CONSUME(T(K.Unquoted)) },
        { ALT: () => this.CONSUME(T(K.ValueEquals)) },
        { ALT: () => this.CONSUME(T(K.NumberLiteral)) },
        { ALT: () => this.CONSUME(T(K.TripleString)) },
        { ALT: () => this.CONSUME(T(K.Substitution)) },
        { ALT: () => this.CONSUME(T(K.UnterminatedString)) },
        { ALT: () => this.CONSUME(T(K.LineContinuation)) },
        { ALT: () => this.SUBRULE(this.object) },
        { ALT: () => this.SUBRULE(this.array) },
      ]),
    );
  });

  public object = this.RULE('object', () => {
    this.CONSUME(T(K.LBrace));
    this.SUBRULE(this.members);
    this.CONSUME(T(K.RBrace));
  });

  public array = this.RULE('array', () => {
    this.CONSUME(T(K.LBracket));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T(K.NL)) },
        { ALT: () => this.CONSUME(T(K.Comma)) },
        { ALT: () => this.SUBRULE(this.value) },
      ]),
    );
    this.CONSUME(T(K.RBracket));
  });
}

/** The first of the sorted positions at or after `from` (infinity: none). */
function firstAtOrAfter(positions: Int32Array | undefined, from: number): number {
  if (positions === undefined) return Number.POSITIVE_INFINITY;
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < positions.length ? positions[lo] : Number.POSITIVE_INFINITY;
}

/** Each kind's token positions, in order. */
function positionsByKind(tokens: TokenList): Int32Array[] {
  const counts = new Int32Array(TYPES.length);
  for (let i = 0; i < tokens.count; i++) counts[tokens.kind[i]]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const filled = new Int32Array(TYPES.length);
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    out[kind][filled[kind]++] = i;
  }
  return out;
}

let parser: ConfRecoveringParser | undefined;

export interface RecoveredParse {
  events: ParseEvents;
  errors: RecognitionError[];
}

/**
 * The events of a parse with Chevrotain's recovery, and its recognition errors (the first
 * MAX_SYNTAX_ERRORS). `chevrotainResync`: find each resync token as Chevrotain does, token by token
 * (the reference the faster lookup is held to).
 */
export function parseWithRecovery(text: string, tokens: TokenList, chevrotainResync = false): RecoveredParse {
  parser ??= new ConfRecoveringParser();
  const input: ConfToken[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    const type = TYPES[kind];
    const start = tokens.start[i];
    input.push({
      image: text.slice(start, tokens.end[i]),
      startOffset: start,
      endOffset: tokens.end[i] - 1,
      tokenType: type,
      tokenTypeIdx: type.tokenTypeIdx as number,
      index: i,
    });
  }
  // Recovery throws and catches many recognition exceptions: without stack traces they are cheap.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parser.input = input;
    parser.positions = positionsByKind(tokens);
    parser.chevrotainResync = chevrotainResync;
    parser.errorCount = 0;
    parser.events = new ParseEvents(tokens.count * 2 + 16);
    parser.confFile();
    const errors = parser.errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => ({
      name: e.name,
      message: e.message,
      token: Number.isNaN(e.token.startOffset) ? -1 : (e.token as ConfToken).index,
    }));
    return { events: parser.events, errors };
  } finally {
    parser.input = [];
    parser.positions = [];
    parser.events = new ParseEvents(64);
    Error.stackTraceLimit = stackTraceLimit;
  }
}
