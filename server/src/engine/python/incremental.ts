// Re-analysis after an edit without re-analyzing the whole file. A file is cut into units: each
// top-level function and each method of a top-level class (everything else is "module text").
// After an edit, only the units whose text changed, the module text, and the units they reach by
// name are analyzed again, in a skeleton of the file where every other function body is blanked
// out (same line numbers); the other units keep the findings of the previous analysis.
//
// What one unit can change in another travels through names, spawn calls, `global`, `yield` and
// `self.x = ...` assignments. Those lines (and every header) form the file's signature: when the
// signature changes, or too much of the file would be kept, the whole file is analyzed instead.
import { Edit, type Node, type Point, type Tree } from 'web-tree-sitter';
import type { Finding, Range } from '../types';

export interface Unit {
  /** The function_definition (or decorated_definition) node's text. */
  text: string;
  startIndex: number;
  endIndex: number;
  startRow: number;
  endRow: number;
  /** Offset where the body block starts: everything before it is the header. */
  bodyStart: number;
  bodyStartRow: number;
  name: string;
  /** Start offset of the class a method belongs to (-1 for top-level functions). */
  classStart: number;
  /** Names mentioned in the arguments of calls that hand work over (`Thread(target=f)`, `pool.map(f, ...)`). */
  handoffNames: Set<string>;
  /** Attributes the unit assigns through `self.x = ...` (methods only). */
  selfAttributes: string[];
  /** Attribute names the unit reads or writes anywhere (`x` in `obj.x`, `self.x`). */
  attributes: ReadonlySet<string>;
  /** Whether `yield` occurs in the body (a blanked body must stay a generator's). */
  bodyYields: boolean;
  /** The names that occur in the unit's text (computed when first asked for). */
  names: () => ReadonlySet<string>;
  signature: string;
  /**
   * Which unit with this text this is, in document order: text and ordinal name one unit. Equal
   * signatures list the same headers in the same order, so while the signature stays, they name the
   * same unit as before the edit, even when methods of several classes have the same text.
   */
  ordinal: number;
}

/** A top-level class: its name and the last names of its bases (`Thread` for `threading.Thread`). */
export interface ClassOutline {
  name: string;
  bases: string[];
}

export interface Layout {
  units: Unit[];
  /** Top-level classes by start offset (a method's classStart). */
  classes: Map<number, ClassOutline>;
  /** The names and attributes module-level code uses (read while the tree lives). */
  moduleNames: () => ModuleNames;
  signature: string;
}


/** Lines of a unit that other units can depend on. */
const SIGNATURE_LINE = /\b(?:global|nonlocal)\b|concurrency-lint|\bnoqa\b/;
/**
 * The callable a call hands over: `target=f`, `submit(f, ...)`, `pool.map(f, ...)`,
 * `partial(f, ...)`, `run_in_executor(ex, f, ...)` (also `self.f`, and `f()` for CL007). A rule may
 * look at that function's definition (parameters, returns, whether it is nested or a generator).
 */
const HANDOFF =
  /\b(?:submit|apply_async|apply|map|imap|imap_unordered|starmap|map_async|starmap_async|partial|to_thread)\s*\(\s*(?:self\s*\.\s*)?([A-Za-z_]\w*)|\brun_in_executor\s*\([^,\n]*,\s*(?:self\s*\.\s*)?([A-Za-z_]\w*)|\btarget\s*=\s*(?:self\s*\.\s*)?([A-Za-z_]\w*)/g;
const CONSTRUCTOR = /\b(?:Thread|Timer|Process|DummyProcess)\s*\(\s*[^,()\n=]*,\s*(?:self\s*\.\s*)?([A-Za-z_]\w*)/g;
const SELF_ASSIGN = /\bself\s*\.\s*(\w+)\s*(?::[^=\n]*)?=(?!=)/g;

const handoffCache = new Map<string, Set<string>>();

/** A word every match of HANDOFF or CONSTRUCTOR holds: most texts have none, and this is the cheaper test. */
const HANDOFF_HINT = /submit|apply|map|partial|to_thread|run_in_executor|target|Thread|Timer|Process/;

/** The names of the callables `text` hands over (see HANDOFF). */
export function readHandoffNames(text: string): Set<string> {
  const names = new Set<string>();
  if (!HANDOFF_HINT.test(text)) return names;
  for (const m of text.matchAll(HANDOFF)) names.add(m[1] ?? m[2] ?? m[3]);
  // Thread(None, f), Timer(5.0, f), Process(group, f): the target's positional place is the second.
  for (const m of text.matchAll(CONSTRUCTOR)) names.add(m[1]);
  return names;
}

/** readHandoffNames, remembered per text across edits. */
export function handoffNames(text: string): Set<string> {
  let names = handoffCache.get(text);
  if (!names) {
    text = ownString(text);
    names = readHandoffNames(text);
    if (handoffCache.size > 5000) handoffCache.clear();
    handoffCache.set(text, names);
  }
  return names;
}

/**
 * A copy of `s` that does not keep alive the string it was sliced from. V8 makes a slice of a long
 * string a view into the whole: a cache keyed by slices of a document's text would keep a copy of
 * the document for every edit it has seen (about 90 KB per keystroke in a 5,000-line file). Slicing
 * a concatenation makes V8 copy the characters into a string of their own.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

const IDENTIFIER = /[A-Za-z_]\w*/g;
const identifierCache = new Map<string, Set<string>>();

/** The names that occur in `text`. */
export function readIdentifiers(text: string): Set<string> {
  return new Set(text.match(IDENTIFIER));
}

/** readIdentifiers, remembered per text across edits. */
function identifierNames(text: string): Set<string> {
  let names = identifierCache.get(text);
  if (!names) {
    names = readIdentifiers(text);
    if (identifierCache.size > 5000) identifierCache.clear();
    identifierCache.set(text, names);
  }
  return names;
}

/** `.x`, also across a line continuation (`obj.\` then `x` on the next line). */
const ATTRIBUTE = /\.[\s\\]*([A-Za-z_]\w*)/g;
const attributeCache = new Map<string, Set<string>>();

/** The names after a dot in `text`: the attributes it may read or write, of any object. */
export function readAttributes(text: string): Set<string> {
  const names = new Set<string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) names.add(m[1]);
  return names;
}

/** readAttributes, remembered per text across edits. */
function attributeNames(text: string): Set<string> {
  let names = attributeCache.get(text);
  if (!names) {
    names = readAttributes(text);
    if (attributeCache.size > 5000) attributeCache.clear();
    attributeCache.set(text, names);
  }
  return names;
}

export function definitionOf(node: Node): Node | undefined {
  if (node.type === 'function_definition') return node;
  if (node.type === 'decorated_definition') {
    const def = node.childForFieldName('definition');
    if (def?.type === 'function_definition') return def;
  }
  return undefined;
}

/** The class_definition of a class statement, decorated or not. */
export function classOf(node: Node): Node | undefined {
  const cls = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  return cls?.type === 'class_definition' ? cls : undefined;
}

/** A function definition's body and name: only a definition with both is a unit. */
function unitParts(def: Node): { body: Node; name: string } | undefined {
  const body = def.childForFieldName('body');
  const name = def.childForFieldName('name')?.text;
  return body && name ? { body, name: ownString(name) } : undefined;
}

export interface UnitFacts {
  handoffNames: Set<string>;
  selfAttributes: string[];
  attributes: ReadonlySet<string>;
  bodyYields: boolean;
}

/**
 * Keyed by the unit's text alone (a slice of the file, hashed in place): a key built from it would
 * copy every unit's text on every edit and keep the collector busy.
 */
const factsCache = new Map<string, { bodyOffset: number; isMethod: boolean; facts: UnitFacts & { signature: string } }>();

/**
 * What the layout needs to know about a unit's text. `read` reads names from a text: remembered
 * across edits in an editor's layouts, read afresh for a text analyzed once.
 */
export function unitFacts(
  unitText: string,
  bodyOffset: number,
  isMethod: boolean,
  read: { handoffs: (text: string) => Set<string>; attributes: (text: string) => ReadonlySet<string> } = { handoffs: readHandoffNames, attributes: readAttributes },
): UnitFacts {
  return {
    handoffNames: read.handoffs(unitText),
    selfAttributes: isMethod ? [...new Set([...unitText.matchAll(SELF_ASSIGN)].map((m) => m[1]))].sort() : [],
    attributes: read.attributes(unitText),
    bodyYields: /\byield\b/.test(unitText.slice(bodyOffset)),
  };
}

const REMEMBERED = { handoffs: handoffNames, attributes: attributeNames };

/**
 * unitFacts, and the unit's part of the file's signature (after its header), computed once per
 * distinct text.
 */
function factsOf(unitText: string, bodyOffset: number, isMethod: boolean): UnitFacts & { signature: string } {
  const cached = factsCache.get(unitText);
  let facts = cached && cached.bodyOffset === bodyOffset && cached.isMethod === isMethod ? cached.facts : undefined;
  if (!facts) {
    const read = unitFacts(unitText, bodyOffset, isMethod, REMEMBERED);
    const lines = SIGNATURE_LINE.test(unitText) ? unitText.slice(bodyOffset).split('\n').filter((l) => SIGNATURE_LINE.test(l)) : [];
    facts = { ...read, signature: [/\byield\b/.test(unitText) ? 'yield' : '', read.selfAttributes.join(','), ...lines].join('\n') };
    if (factsCache.size > 5000) factsCache.clear();
    factsCache.set(unitText, { bodyOffset, isMethod, facts });
  }
  return facts;
}

/** `unitText`: the statement's text, to the end of its last line (see outlineOf). */
function unitOf(node: Node, def: Node, unitText: string, classStart: number): Unit | undefined {
  const parts = unitParts(def);
  if (!parts) return undefined;
  const { body, name } = parts;
  const endIndex = node.startIndex + unitText.length;
  const facts = factsOf(unitText, body.startIndex - node.startIndex, classStart >= 0);
  return {
    ordinal: 0,
    text: unitText,
    classStart,
    handoffNames: facts.handoffNames,
    selfAttributes: facts.selfAttributes,
    attributes: facts.attributes,
    bodyYields: facts.bodyYields,
    names: () => identifierNames(unitText),
    signature: facts.signature,
    startIndex: node.startIndex,
    endIndex,
    startRow: node.startPosition.row,
    endRow: node.endPosition.row,
    bodyStart: body.startIndex,
    bodyStartRow: body.startPosition.row,
    name,
  };
}

/**
 * Where a unit ends: at the end of the line its last statement ends on. Blanks or a comment after
 * that statement belong to the unit, whose findings' fixes rewrite whole lines: typing a space there
 * changes the unit (analyzed again), not the module text.
 */
function endOfLastLine(start: number, end: number, text: string): number {
  // A node that ends at a line's start ended with a line break: its last line is its own.
  if (end > start && text.charCodeAt(end - 1) === 10) return end;
  const newline = text.indexOf('\n', end);
  if (newline < 0) return text.length;
  return text.charCodeAt(newline - 1) === 13 && newline - 1 >= end ? newline - 1 : newline;
}

/**
 * Module text without its comments, but for suppression comments: what a comment says changes
 * nothing another unit sees. (Trailing comments are dropped only on lines without quotes.)
 */
function withoutComments(text: string): string {
  if (!text.includes('#')) return text;
  return text.replace(/^([^'"#\n]*?)[ \t]*#(?![^\n]*(?:noqa|concurrency-lint))[^\n]*$/gm, '$1');
}

/** What a top-level statement or a class member gave the layout: its units (and its class), where it was read. */
export interface Outlined {
  /** The statement's or member's text, to the end of its last line. */
  text: string;
  type: number;
  inClass: boolean;
  startIndex: number;
  startRow: number;
  units: Unit[];
  cls?: ClassOutline;
  /** A class's members' outlines (kept in use with the class's). */
  members?: Outlined[];
  /** Read from a statement holding a syntax error: for this layout only (kept in neither map of Outlines). */
  broken: boolean;
}

/**
 * What a document's layouts read, by the text of the statement or member (to the end of its last
 * line). The same text of the same node type parses the same, wherever it moved: after an edit,
 * the layout reads again only the statement and the member it changed.
 */
export class Outlines {
  readonly byText = new Map<string, Outlined>();
  /**
   * The last layout's top-level outlines by where they started, and the length of its text. After
   * an edit, a statement is where it was (before the edit) or moved by the length the text gained
   * (after it): comparing its text with that outline's costs far less than hashing it to look it up.
   */
  byStart = new Map<number, Outlined>();
  textLength = 0;

  clear(): void {
    this.byText.clear();
    this.byStart.clear();
    this.textLength = 0;
  }
}

/** Whether `o` was read from a statement of this type and text. */
function reads(o: Outlined | undefined, type: number, span: string): o is Outlined {
  return o !== undefined && o.type === type && o.text === span;
}

/** Outlines not in use that a document keeps (texts edited away, which an undo may bring back). */
const OUTLINES_KEPT_UNUSED = 256;

/**
 * The units of a top-level statement (`inClass` false) or of a class member, where they were read.
 * `treeHasError`: whether the tree holds a syntax error anywhere. A statement that holds one is read
 * afresh: how the parser recovers from an error depends on the text around it too.
 */
function outlineOf(child: Node, text: string, inClass: boolean, outlined: Outlines, treeHasError: boolean): Outlined {
  const start = child.startIndex;
  const span = text.slice(start, endOfLastLine(start, child.endIndex, text));
  const type = child.typeId;
  const broken = treeHasError && child.hasError;
  if (!broken && !inClass) {
    // Where it was (before the edit), or moved by what the text gained (after it).
    const here = outlined.byStart.get(start);
    if (reads(here, type, span)) return here;
    const moved = outlined.byStart.get(start - (text.length - outlined.textLength));
    if (reads(moved, type, span)) return moved;
  }
  const cached = broken ? undefined : outlined.byText.get(span);
  if (cached && cached.type === type && cached.inClass === inClass) return cached;
  // Kept by the outlines (and the caches keyed by unit text) across edits: a copy, not a slice.
  const own = ownString(span);
  const units: Unit[] = [];
  let cls: ClassOutline | undefined;
  let members: Outlined[] | undefined;
  const def = definitionOf(child);
  if (def) {
    const u = unitOf(child, def, own, inClass ? start : -1);
    if (u) units.push(u);
  } else if (!inClass) {
    const classNode = classOf(child);
    if (classNode) {
      const superclasses = classNode.childForFieldName('superclasses');
      cls = {
        name: ownString(classNode.childForFieldName('name')?.text ?? ''),
        bases: [...(superclasses?.text ?? '').matchAll(/(\w+)\s*(?=[,)])/g)].map((m) => ownString(m[1])),
      };
      members = [];
      for (const member of classNode.childForFieldName('body')?.namedChildren ?? []) {
        if (!member) continue;
        const o = outlineOf(member, text, true, outlined, broken);
        members.push(o);
        units.push(...placed(o, member, start));
      }
    }
  }
  const entry: Outlined = { text: own, type, inClass, startIndex: start, startRow: child.startPosition.row, units, cls, members, broken };
  if (!broken) outlined.byText.set(own, entry);
  return entry;
}

/** An outline's units moved to where `node` is now, as methods of the class at classStart (or -1). */
function placed(o: Outlined, node: Node, classStart: number): Unit[] {
  const shift = node.startIndex - o.startIndex;
  const rows = node.startPosition.row - o.startRow;
  if (shift === 0 && rows === 0 && o.units.every((u) => u.classStart === classStart)) return o.units;
  return o.units.map((at) => ({
    ...at,
    classStart,
    startIndex: at.startIndex + shift,
    endIndex: at.endIndex + shift,
    bodyStart: at.bodyStart + shift,
    startRow: at.startRow + rows,
    endRow: at.endRow + rows,
    bodyStartRow: at.bodyStartRow + rows,
  }));
}

/** Module-level code: top-level statements, and class-body statements other than methods. */
function moduleCodeOf(tree: Tree): Node[] {
  const code: Node[] = [];
  for (const child of tree.rootNode.namedChildren) {
    if (!child || definitionOf(child)) continue;
    const classNode = classOf(child);
    if (!classNode) {
      code.push(child);
      continue;
    }
    for (const member of classNode.childForFieldName('body')?.namedChildren ?? []) {
      const def = member && definitionOf(member);
      if (member && !(def && unitParts(def))) code.push(member);
    }
  }
  return code;
}

/** Cuts the file into units and computes its signature; `outlines` keeps what it read for the next layout. */
export function layout(tree: Tree, text: string, outlines: Outlines = new Outlines()): Layout {
  const used = new Set<Outlined>();
  const byStart = new Map<number, Outlined>();
  const treeHasError = tree.rootNode.hasError;
  const units: Unit[] = [];
  const classes = new Map<number, ClassOutline>();
  const signature: string[] = [];
  const seen = new Map<string, number>();
  let last = 0;
  for (const child of tree.rootNode.namedChildren) {
    if (!child) continue;
    const o = outlineOf(child, text, false, outlines, treeHasError);
    if (!o.broken) byStart.set(child.startIndex, o);
    used.add(o);
    for (const m of o.members ?? []) used.add(m);
    if (o.cls) classes.set(child.startIndex, o.cls);
    for (const at of placed(o, child, o.cls ? child.startIndex : -1)) {
      const ordinal = seen.get(at.text) ?? 0;
      seen.set(at.text, ordinal + 1);
      const u: Unit = { ...at, ordinal };
      // The header, whether the body is a generator, which attributes it assigns, and the lines that
      // reach other scopes. Editing anything else in a body leaves the signature as it was.
      signature.push(withoutComments(text.slice(last, u.bodyStart)), u.signature);
      last = u.endIndex;
      units.push(u);
    }
  }
  signature.push(withoutComments(text.slice(last)));
  forgetUnused(outlines.byText, used);
  outlines.byStart = byStart;
  outlines.textLength = text.length;
  const all: Layout = { units, classes, moduleNames: () => moduleNamesOf(all, () => moduleCodeOf(tree)), signature: signature.join('\n') };
  return all;
}

/** Drops the oldest outlines this layout did not use, beyond OUTLINES_KEPT_UNUSED of them. */
function forgetUnused(outlines: Map<string, Outlined>, used: Set<Outlined>): void {
  let extra = outlines.size - used.size - OUTLINES_KEPT_UNUSED;
  if (extra <= 0) return;
  for (const [key, o] of outlines) {
    if (used.has(o)) continue;
    outlines.delete(key);
    if (--extra === 0) return;
  }
}

export interface ModuleNames {
  names: ReadonlySet<string>;
  /** Attribute names, with `__call__`: it is looked up without being named (an instance called as a thread's target). */
  attributes: ReadonlySet<string>;
}

/** The names and attributes module-level code uses, for the last outline asked about. */
let moduleNames: (ModuleNames & { signature: string }) | undefined;

/**
 * The names and the attributes module-level code uses, read from its syntax
 * (docstrings and comments name nothing). Module-level code is part of the outline: computed once
 * per outline.
 */
function moduleNamesOf(all: Layout, moduleCode: () => Node[]): ModuleNames {
  if (moduleNames?.signature !== all.signature) {
    const names = new Set<string>();
    const attributes = new Set<string>(['__call__']);
    for (const node of moduleCode()) {
      for (const n of node.descendantsOfType(['identifier', 'attribute'])) {
        if (!n) continue;
        if (n.type === 'identifier') names.add(n.text);
        else {
          const attribute = n.childForFieldName('attribute')?.text;
          if (attribute) attributes.add(attribute);
        }
      }
    }
    moduleNames = { signature: all.signature, names, attributes };
  }
  return moduleNames;
}

/**
 * Which units must be analyzed again: the changed ones; the functions they hand work to (a rule
 * looks at their definitions); the units that hand work to a kept function (its parameters get
 * their types there); the methods that assign an attribute that kept code or module-level code uses
 * on an object of their class (the attribute's type comes from those assignments); and the units
 * that use an attribute a changed method assigns on an object of its class (its type may have
 * changed). Code may hold objects of its own class and its bases, and of the classes it names (and
 * their bases). Returns undefined when that is more than `maxShare` of the units' lines.
 */
export function unitsToKeep(all: Layout, changed: Set<Unit>, text: string, maxShare = 0.5): Set<Unit> | undefined {
  const keep = new Set<Unit>(changed);
  const wanted = new Set<string>();
  const classesNamed = new Map<string, number[]>();
  for (const [start, c] of all.classes) classesNamed.set(c.name, [...(classesNamed.get(c.name) ?? []), start]);
  /** The class and its bases in this file, transitively. */
  const withBases = (start: number, into: Set<number>): void => {
    if (into.has(start)) return;
    into.add(start);
    for (const base of all.classes.get(start)?.bases ?? []) for (const b of classesNamed.get(base) ?? []) withBases(b, into);
  };
  /** Classes whose objects code (in the class at classStart, naming `names`) may hold. */
  const held = (classStart: number, names: ReadonlySet<string>): Set<number> => {
    const classes = new Set<number>();
    if (classStart >= 0) withBases(classStart, classes);
    for (const [name, starts] of classesNamed) if (names.has(name)) for (const c of starts) withBases(c, classes);
    return classes;
  };
  const heldByUnit = new Map<Unit, Set<number>>();
  const heldBy = (u: Unit): Set<number> => {
    let classes = heldByUnit.get(u);
    if (!classes) heldByUnit.set(u, (classes = held(u.classStart, u.names())));
    return classes;
  };
  // Attributes used, per class whose objects the code using them may hold (by classStart).
  const used = new Map<number, Set<string>>();
  const use = (classes: Set<number>, attributes: ReadonlySet<string>): void => {
    for (const c of classes) {
      const set = used.get(c) ?? new Set<string>();
      for (const a of attributes) set.add(a);
      used.set(c, set);
    }
  };
  let last = 0;
  for (const u of all.units) {
    for (const n of handoffNames(text.slice(last, u.startIndex))) wanted.add(n);
    last = u.endIndex;
  }
  for (const n of handoffNames(text.slice(last))) wanted.add(n);
  const module = all.moduleNames();
  use(held(-1, module.names), module.attributes);
  // What changed methods assign, on objects of their class: its readers are analyzed again.
  const assignedByChanged = new Map<number, Set<string>>();
  for (const u of changed) {
    if (u.selfAttributes.length === 0) continue;
    const set = assignedByChanged.get(u.classStart) ?? new Set<string>();
    for (const a of u.selfAttributes) set.add(a);
    assignedByChanged.set(u.classStart, set);
  }
  const assignedAnywhere = new Set<string>();
  for (const set of assignedByChanged.values()) for (const a of set) assignedAnywhere.add(a);
  const readsChanged = (u: Unit): boolean => {
    // Most units use none of the few attributes changed methods assign: no need to know their classes.
    if (!anyOf(assignedAnywhere, u.attributes)) return false;
    for (const c of heldBy(u)) {
      const assigned = assignedByChanged.get(c);
      if (assigned) for (const a of u.attributes) if (assigned.has(a)) return true;
    }
    return false;
  };
  for (const u of all.units) if (!keep.has(u) && readsChanged(u)) keep.add(u);
  // Until nothing more is needed: what kept units hand over or use brings in more units.
  const keptNames = new Set<string>();
  const seen = new Set<Unit>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of keep) {
      if (seen.has(u)) continue;
      seen.add(u);
      keptNames.add(u.name);
      for (const n of u.handoffNames) wanted.add(n);
      use(heldBy(u), u.attributes);
    }
    for (const u of all.units) {
      if (keep.has(u)) continue;
      const needed = wanted.has(u.name) || anyOf(u.handoffNames, keptNames) || u.selfAttributes.some((a) => used.get(u.classStart)?.has(a));
      if (needed) {
        keep.add(u);
        grew = true;
      }
    }
  }
  let keptLines = 0;
  for (const u of keep) keptLines += u.endRow - u.startRow + 1;
  const totalLines = all.units.reduce((n, u) => n + u.endRow - u.startRow + 1, 0);
  return keptLines > totalLines * maxShare ? undefined : keep;
}

/** Whether any of `names` is in `set`. */
export function anyOf(names: Iterable<string>, set: ReadonlySet<string>): boolean {
  for (const n of names) if (set.has(n)) return true;
  return false;
}

/**
 * The file with every unit outside `keep` reduced to its header and `...` (or `yield`), lines kept,
 * in pieces: for each unit, the text from the previous unit's end to its body, then its body (or
 * the placeholder); last, the rest of the file. Skeletons of layouts with the same units have the
 * same number of pieces, and the pieces that differ are where their trees differ.
 */
export function skeleton(all: Layout, keep: Set<Unit>, text: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const u of all.units) {
    pieces.push(text.slice(last, u.bodyStart));
    // A blanked body keeps its line breaks: one per row it spans.
    if (keep.has(u)) pieces.push(text.slice(u.bodyStart, u.endIndex));
    else pieces.push((u.bodyYields ? 'yield' : '...') + '\n'.repeat(u.endRow - u.bodyStartRow));
    last = u.endIndex;
  }
  pieces.push(text.slice(last));
  return pieces;
}

/** Where `text` ends when it starts at `from` (rows and UTF-16 columns). */
function advance(from: Point, text: string): Point {
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline < 0) return { row: from.row, column: from.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: text.length - lastNewline - 1 };
}

/** A stretch that differs between two texts: [start, oldEnd) of the first became [start, newEnd). */
interface Change {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The edits that turn the tree of skeleton `before` into one for `after`, last first. */
export function skeletonEdits(before: string, beforePieces: string[] | undefined, after: string, afterPieces: string[]): Edit[] {
  const changes: Change[] = [];
  if (beforePieces?.length === afterPieces.length) {
    // The same units: compare piece by piece (offsets in `before`; pieces in between are equal).
    let offset = 0;
    for (let i = 0; i < afterPieces.length; i++) {
      const a = beforePieces[i];
      const b = afterPieces[i];
      if (a !== b) {
        const start = commonPrefix(a, b);
        const suffix = commonSuffix(a, b, Math.min(a.length, b.length) - start);
        changes.push({ start: offset + start, oldEnd: offset + a.length - suffix, newEnd: offset + b.length - suffix });
      }
      offset += a.length;
    }
  } else {
    const start = commonPrefix(before, after);
    const suffix = commonSuffix(before, after, Math.min(before.length, after.length) - start);
    changes.push({ start, oldEnd: before.length - suffix, newEnd: after.length - suffix });
  }
  // Points in `before`, found in one pass; edits applied last first keep the earlier ones valid.
  const edits: Edit[] = [];
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  const pointAt = (offset: number): Point => {
    for (let i = before.indexOf('\n', scanned); i >= 0 && i < offset; i = before.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
    }
    scanned = Math.max(scanned, offset);
    return { row, column: offset - lineStart };
  };
  // Offsets in `after` of each change's new text: later changes have not moved it.
  let shift = 0;
  for (const c of changes) {
    const startPosition = pointAt(c.start);
    const oldEndPosition = pointAt(c.oldEnd);
    const inserted = after.slice(c.start + shift, c.newEnd + shift);
    edits.push(new Edit({ startIndex: c.start, oldEndIndex: c.oldEnd, newEndIndex: c.newEnd, startPosition, oldEndPosition, newEndPosition: advance(startPosition, inserted) }));
    shift += c.newEnd - c.oldEnd;
  }
  return edits.reverse();
}

/**
 * Skeletons (and their pieces) can be a few hundred kilobytes that differ in a short stretch:
 * comparing blocks with the engine's string equality and only the differing block character by
 * character keeps this far below a millisecond.
 */
const BLOCK = 4096;

function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= limit && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of a and b, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let n = 0;
  while (n + BLOCK <= limit && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < limit && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

/** A finding with every range moved by `rows` lines. */
export function shiftFinding(f: Finding, rows: number): Finding {
  if (rows === 0) return f;
  const shift = (r: Range): Range => ({
    start: { line: r.start.line + rows, character: r.start.character },
    end: { line: r.end.line + rows, character: r.end.character },
  });
  return {
    ...f,
    range: shift(f.range),
    related: f.related.map((r) => ({ ...r, range: shift(r.range) })),
    fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shift(e.range) })) })),
  };
}

/** The unit whose lines hold `line`, by binary search over units in document order. */
export function unitAt(units: Unit[], line: number): Unit | undefined {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid];
    if (line < u.startRow) hi = mid - 1;
    else if (line > u.endRow) lo = mid + 1;
    else return u;
  }
  return undefined;
}

/** Whether a fix of `f` rewrites lines of any of `units` (in a skeleton, lines whose body was blanked). */
export function fixTouches(f: Finding, units: readonly Unit[]): boolean {
  return f.fixes.some((fix) => fix.edits.some((e) => units.some((u) => u.startRow <= e.range.end.line && u.endRow >= e.range.start.line)));
}

/** Whether every range of a finding stays inside its unit (so moving the unit moves all of it). */
export function staysInside(f: Finding, u: Unit): boolean {
  const inside = (r: Range) => r.start.line >= u.startRow && r.end.line <= u.endRow + 1;
  return inside(f.range) && f.related.every((r) => inside(r.range)) && f.fixes.every((x) => x.edits.every((e) => inside(e.range)));
}
