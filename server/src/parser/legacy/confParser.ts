// The Chevrotain CstParser for conf files (pyhocon's grammar), built once, with error recovery at `}`, `]`, newline and `,`.
import { CstParser, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import {
  allTokens,
  Colon,
  Comma,
  Equals,
  Include,
  KeyText,
  LBrace,
  LBracket,
  LineContinuation,
  NL,
  NumberLiteral,
  PlusEquals,
  QuotedString,
  RBrace,
  RBracket,
  Substitution,
  TripleString,
  Unquoted,
  UnterminatedString,
  UnterminatedTriple,
  ValueEquals,
} from './tokens';

/** Recognition errors after which the parser reads no further (and at most as many are reported). */
export const MAX_SYNTAX_ERRORS = 100;

/** What the parser uses of Chevrotain's recognizer beyond its typed surface (chevrotain 11). */
interface RecognizerInternals {
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  moveToTerminatedState(): void;
}

const recognizer = CstParser.prototype as unknown as RecognizerInternals;

class ConfCstParser extends CstParser {
  /** Recognition errors of the parse under way. */
  errorCount = 0;

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 1, skipValidations: true });
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

  /** pyhocon: optional newlines, then a list, a `{…}` object, or the fields of an object without braces. */
  public confFile = this.RULE('confFile', () => {
    this.MANY(() => this.CONSUME(NL));
    this.OR([
      { ALT: () => this.SUBRULE(this.array) },
      { ALT: () => this.SUBRULE(this.object) },
      { ALT: () => this.SUBRULE(this.members) },
    ]);
    this.MANY2(() => this.OR2([{ ALT: () => this.CONSUME2(NL) }, { ALT: () => this.CONSUME(Comma) }]));
  });

  /** The inside of an object: fields and includes, separated by newlines or commas (any number of them). */
  public members = this.RULE('members', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(NL) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.CONSUME(Include) },
        { ALT: () => this.SUBRULE(this.field) },
      ]),
    );
  });

  public field = this.RULE('field', () => {
    this.OR([
      { ALT: () => this.CONSUME(KeyText) },
      { ALT: () => this.CONSUME(QuotedString) },
      { ALT: () => this.CONSUME(TripleString) },
    ]);
    this.OR2([
      {
        // pyhocon allows newlines between a key and its `:` or `{`.
        GATE: () => this.separatorFollows(),
        ALT: () => {
          this.MANY(() => this.CONSUME(NL));
          this.OR3([
            { ALT: () => this.SUBRULE(this.object) },
            {
              ALT: () => {
                this.OR4([
                  { ALT: () => this.CONSUME(Colon) },
                  { ALT: () => this.CONSUME(Equals) },
                  { ALT: () => this.CONSUME(PlusEquals) },
                ]);
                this.MANY2(() => this.CONSUME2(NL));
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
      if (t === NL) continue;
      return t === Colon || t === Equals || t === PlusEquals || t === LBrace;
    }
  }

  /** One value, or several on one line that pyhocon concatenates. */
  public value = this.RULE('value', () => {
    this.AT_LEAST_ONE(() =>
      this.OR([
        { ALT: () => this.CONSUME(QuotedString) },
        { ALT: () => this.CONSUME(Unquoted) },
        { ALT: () => this.CONSUME(ValueEquals) },
        { ALT: () => this.CONSUME(NumberLiteral) },
        { ALT: () => this.CONSUME(TripleString) },
        { ALT: () => this.CONSUME(Substitution) },
        { ALT: () => this.CONSUME(UnterminatedString) },
        { ALT: () => this.CONSUME(UnterminatedTriple) },
        { ALT: () => this.CONSUME(LineContinuation) },
        { ALT: () => this.SUBRULE(this.object) },
        { ALT: () => this.SUBRULE(this.array) },
      ]),
    );
  });

  public object = this.RULE('object', () => {
    this.CONSUME(LBrace);
    this.SUBRULE(this.members);
    this.CONSUME(RBrace);
  });

  public array = this.RULE('array', () => {
    this.CONSUME(LBracket);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(NL) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.SUBRULE(this.value) },
      ]),
    );
    this.CONSUME(RBracket);
  });
}

const parser = new ConfCstParser();

export interface ConfCst {
  cst: CstNode;
  errors: IRecognitionException[];
}

export function parseTokens(tokens: IToken[]): ConfCst {
  // Recovery throws and catches many recognition exceptions: without stack traces they are cheap.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parser.input = tokens;
    parser.errorCount = 0;
    const cst = parser.confFile();
    const errors = parser.errors;
    return { cst, errors };
  } finally {
    parser.input = [];
    Error.stackTraceLimit = stackTraceLimit;
  }
}
