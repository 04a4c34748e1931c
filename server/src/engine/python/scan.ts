// The outline of a Python file read from its text, without parsing it: its logical lines (a
// statement's lines, joined across brackets, strings and backslashes), and from their indentation
// the units of incremental.ts (top-level functions and the methods of top-level classes). The
// scanner knows Python's lexical rules only; whatever it is not sure of (tabs or form feeds in an
// indentation, a lone carriage return, an unclosed bracket or string, an f-string that nests its
// own quote) makes it give up, and the caller parses the whole file instead.
import type { ClassOutline, Layout, ModuleNames, Unit } from './incremental';
import { readAttributes, readIdentifiers, unitFacts } from './incremental';

/** A logical line: [start, end) runs from its first token to the line break that ends it. */
export interface LogicalLine {
  start: number;
  end: number;
  row: number;
  endRow: number;
  indent: number;
}

/** A logical line outside every unit (module-level code, a class header, a class-body statement). */
export interface ModuleStatement {
  text: string;
  names: ReadonlySet<string>;
}

export interface ScannedLayout extends Layout {
  moduleStatements: ModuleStatement[];
  /** Units whose body shares the header's line (`def f(): pass`): never blanked. */
  oneLiners: Set<Unit>;
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const SINGLE = 39;
const DOUBLE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** What a character does to the scanner outside strings (0: nothing). */
const ROLE = new Uint8Array(128);
const enum Role {
  Plain = 0,
  Newline,
  Return,
  Comment,
  Quote,
  Open,
  Close,
  Backslash,
}
ROLE[NL] = Role.Newline;
ROLE[CR] = Role.Return;
ROLE[HASH] = Role.Comment;
ROLE[SINGLE] = Role.Quote;
ROLE[DOUBLE] = Role.Quote;
for (const c of '([{') ROLE[c.charCodeAt(0)] = Role.Open;
for (const c of ')]}') ROLE[c.charCodeAt(0)] = Role.Close;
ROLE[BACKSLASH] = Role.Backslash;

class GiveUp extends Error {}

/** The file's logical lines, or undefined when the scanner is not sure of them. */
export function logicalLines(text: string): LogicalLine[] | undefined {
  try {
    return new Scanner(text).lines();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

class Scanner {
  private i = 0;
  private row = 0;
  private readonly hasReturns: boolean;

  constructor(private readonly text: string) {
    this.hasReturns = text.includes('\r');
  }

  lines(): LogicalLine[] {
    const { text } = this;
    const n = text.length;
    const out: LogicalLine[] = [];
    // A byte order mark: where tree-sitter puts the first statement is not worth guessing.
    if (text.charCodeAt(0) === 0xfeff) throw new GiveUp();
    while (this.i < n) {
      const lineStart = this.i;
      let c = text.charCodeAt(this.i);
      while (c === SPACE) c = text.charCodeAt(++this.i);
      if (c === TAB || c === FORM_FEED) {
        // Only a blank line may hold them: an indentation with them is measured in columns.
        while (c === SPACE || c === TAB || c === FORM_FEED) c = text.charCodeAt(++this.i);
        if (!(c === NL || c === CR || c === HASH || this.i >= n)) throw new GiveUp();
      }
      if (c === HASH) {
        this.skipComment();
        c = text.charCodeAt(this.i);
      }
      if (this.i >= n) break;
      if (c === NL || c === CR) {
        this.newline();
        continue;
      }
      const start = this.i;
      const row = this.row;
      const end = this.logicalLineEnd();
      out.push({ start, end, row, endRow: this.row, indent: start - lineStart });
      // Past the line break that ended it (none at the end of the text).
      if (this.i < n) this.newline();
    }
    return out;
  }

  /** Scans one logical line from its first token; stops at the line break that ends it. */
  private logicalLineEnd(): number {
    const { text } = this;
    const n = text.length;
    let depth = 0;
    while (this.i < n) {
      const c = text.charCodeAt(this.i);
      switch (c < 128 ? ROLE[c] : Role.Plain) {
        case Role.Plain:
          this.i++;
          break;
        case Role.Newline:
        case Role.Return:
          if (depth === 0) return this.i;
          this.newline();
          break;
        case Role.Comment:
          this.skipComment();
          break;
        case Role.Quote:
          this.skipString(c);
          break;
        case Role.Open:
          depth++;
          this.i++;
          break;
        case Role.Close:
          if (--depth < 0) throw new GiveUp();
          this.i++;
          break;
        case Role.Backslash: {
          // Outside strings, only a line continuation.
          const next = text.charCodeAt(this.i + 1);
          if (next !== NL && next !== CR) throw new GiveUp();
          this.i++;
          this.newline();
          break;
        }
      }
    }
    if (depth !== 0) throw new GiveUp();
    return n;
  }

  /** Steps over a line break at i: LF or CRLF (a lone CR is not worth guessing about). */
  private newline(): void {
    const c = this.text.charCodeAt(this.i);
    if (c === CR) {
      if (this.text.charCodeAt(this.i + 1) !== NL) throw new GiveUp();
      this.i++;
    }
    this.i++;
    this.row++;
  }

  /** Up to the line break that ends the comment. */
  private skipComment(): void {
    const { text } = this;
    const nl = text.indexOf('\n', this.i);
    const end = nl < 0 ? text.length : text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    // A lone CR inside the comment would end the line for the parser.
    if (this.hasReturns) {
      const cr = text.indexOf('\r', this.i);
      if (cr >= 0 && cr < end) throw new GiveUp();
    }
    this.i = end;
  }

  /** Past the string whose quote is at i. */
  private skipString(quote: number): void {
    const { text } = this;
    const n = text.length;
    const formatted = this.isFormatted();
    const triple = text.charCodeAt(this.i + 1) === quote && text.charCodeAt(this.i + 2) === quote;
    this.i += triple ? 3 : 1;
    // Braces open in an f-string's replacement fields.
    let fields = 0;
    while (this.i < n) {
      const c = text.charCodeAt(this.i);
      if (c === BACKSLASH) {
        const next = text.charCodeAt(this.i + 1);
        if (next === NL || next === CR) {
          this.i++;
          this.newline();
        } else this.i += 2;
        continue;
      }
      if (c === quote) {
        // A replacement field that holds the string's own quote (Python 3.12): not worth guessing.
        if (fields > 0) throw new GiveUp();
        if (!triple) {
          this.i++;
          return;
        }
        if (text.charCodeAt(this.i + 1) === quote && text.charCodeAt(this.i + 2) === quote) {
          this.i += 3;
          return;
        }
        this.i++;
        continue;
      }
      if (c === NL || c === CR) {
        if (!triple) throw new GiveUp();
        this.newline();
        continue;
      }
      if (formatted && c === OPEN_BRACE) {
        if (fields === 0 && text.charCodeAt(this.i + 1) === OPEN_BRACE) this.i++;
        else fields++;
      } else if (formatted && c === CLOSE_BRACE) {
        if (fields > 0) fields--;
        else if (text.charCodeAt(this.i + 1) === CLOSE_BRACE) this.i++;
      }
      this.i++;
    }
    throw new GiveUp();
  }

  /** Whether the string starting at i has an `f` in its prefix (`f"`, `rf'`, `Fr"`...). */
  private isFormatted(): boolean {
    const { text } = this;
    let j = this.i;
    let formatted = false;
    for (; j > 0 && this.i - j < 2; j--) {
      const c = text.charCodeAt(j - 1) | 0x20; // lower case
      if (c === 0x66 /* f */) formatted = true;
      else if (c !== 0x72 /* r */ && c !== 0x62 /* b */ && c !== 0x75 /* u */) break;
    }
    // `elif"x"` or `self.f"..."` is no prefix.
    return formatted && !(j > 0 && /[\w.]/.test(text[j - 1]));
  }
}

const DEF = /(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/y;
const CLASS = /class[ \t]+([A-Za-z_]\w*)/y;
const BASES = /^class[ \t]+\w+[ \t]*(\([^]*\))[ \t]*:/;

/**
 * The units of incremental.ts read from logical lines: a `def` at the top level or at the
 * indentation of a top-level class's body, from its first decorator to the end of its last line.
 */
export function scanLayout(text: string): ScannedLayout | undefined {
  const lines = logicalLines(text);
  if (!lines) return undefined;
  const units: Unit[] = [];
  const oneLiners = new Set<Unit>();
  const classes = new Map<number, ClassOutline>();
  const moduleLines: LogicalLine[] = [];
  const startsWith = (re: RegExp, line: LogicalLine): RegExpExecArray | null => {
    re.lastIndex = line.start;
    return re.exec(text);
  };
  /** After decorators at lines[k]'s indentation: the line they decorate. */
  const decorated = (k: number): number => {
    while (text.charCodeAt(lines[k].start) === 64 /* @ */ && k + 1 < lines.length && lines[k + 1].indent === lines[k].indent) k++;
    return k;
  };
  /**
   * The unit whose `def` line is lines[k], decorated from lines[first]: its body is the lines
   * indented deeper. Returns the index of its last line, or undefined when lines[k] is no `def`.
   */
  const unitAt = (first: number, k: number, classStart: number): number | undefined => {
    const header = lines[k];
    const m = startsWith(DEF, header);
    if (!m) return undefined;
    let last = k;
    while (last + 1 < lines.length && lines[last + 1].indent > header.indent) last++;
    const startLine = lines[first];
    const end = lines[last].end;
    const body = last > k ? lines[k + 1] : undefined;
    const bodyStart = body ? body.start : header.end;
    const unitText = text.slice(startLine.start, end);
    let names: ReadonlySet<string> | undefined;
    const u: Unit = {
      ordinal: 0,
      text: unitText,
      classStart,
      ...unitFacts(unitText, bodyStart - startLine.start, classStart >= 0),
      names: () => (names ??= readIdentifiers(unitText)),
      signature: '',
      startIndex: startLine.start,
      endIndex: end,
      startRow: startLine.row,
      endRow: lines[last].endRow,
      bodyStart,
      bodyStartRow: body ? body.row : header.endRow,
      name: m[1],
    };
    units.push(u);
    if (!body) oneLiners.add(u);
    return last;
  };
  for (let k = 0; k < lines.length; k++) {
    if (lines[k].indent !== 0) {
      // Inside a top-level compound statement (`if`, `try`, ...): module-level code.
      moduleLines.push(lines[k]);
      continue;
    }
    const first = k;
    k = decorated(k);
    const last = unitAt(first, k, -1);
    if (last !== undefined) {
      k = last;
      continue;
    }
    for (let d = first; d <= k; d++) moduleLines.push(lines[d]);
    const cls = startsWith(CLASS, lines[k]);
    if (!cls) continue;
    const classStart = lines[first].start;
    const header = text.slice(lines[k].start, lines[k].end);
    classes.set(classStart, { name: cls[1], bases: [...(BASES.exec(header)?.[1] ?? '').matchAll(/(\w+)\s*(?=[,)])/g)].map((b) => b[1]) });
    // The class body: the lines indented deeper; its members sit at the first one's indentation.
    const memberIndent = k + 1 < lines.length ? lines[k + 1].indent : 0;
    while (k + 1 < lines.length && lines[k + 1].indent > 0) {
      const memberFirst = ++k;
      if (lines[k].indent !== memberIndent) {
        moduleLines.push(lines[k]);
        continue;
      }
      k = decorated(k);
      const memberLast = unitAt(memberFirst, k, classStart);
      if (memberLast !== undefined) {
        k = memberLast;
        continue;
      }
      for (let d = memberFirst; d <= k; d++) moduleLines.push(lines[d]);
    }
  }
  const moduleStatements = moduleLines.map((l) => {
    const statement = text.slice(l.start, l.end);
    return { text: statement, names: readIdentifiers(statement) };
  });
  let moduleNames: ModuleNames | undefined;
  return {
    units,
    classes,
    oneLiners,
    moduleStatements,
    moduleNames: () => (moduleNames ??= namesOf(moduleStatements)),
    signature: '',
  };
}

/** The names and attributes in module-level code (comments and strings included: more is safe). */
function namesOf(statements: ModuleStatement[]): ModuleNames {
  const names = new Set<string>();
  const attributes = new Set<string>(['__call__']);
  for (const s of statements) {
    for (const n of s.names) names.add(n);
    for (const a of readAttributes(s.text)) attributes.add(a);
  }
  return { names, attributes };
}
