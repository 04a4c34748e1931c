// Expands a VS Code snippet body the way the editor does when the user accepts every default:
// tab stops take their placeholder text (mirrors repeat it), a choice takes the picked value,
// variables take their value or default, `\$`, `\}` and `\\` are literal. Transforms are refused
// so that a snippet using one cannot slip through untested.

type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; placeholder?: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string; fallback?: SnippetNode[] };

export interface Expansion {
  /** `default`, or `$2=RLock` for the run where choice 2 took that value. */
  label: string;
  text: string;
}

class BodyParser {
  private at = 0;
  constructor(private readonly body: string) {}

  parse(): SnippetNode[] {
    const nodes = this.sequence(false);
    if (this.at < this.body.length) throw this.error('unexpected "}"');
    return nodes;
  }

  private sequence(nested: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.at < this.body.length) {
      const c = this.body[this.at];
      if (c === '\\' && '$}\\'.includes(this.body[this.at + 1] ?? '')) {
        text += this.body[this.at + 1];
        this.at += 2;
      } else if (c === '}' && nested) {
        break;
      } else if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
          this.at++;
        }
      } else {
        text += c;
        this.at++;
      }
    }
    flush();
    return nodes;
  }

  /** At a `$`: a tab stop or variable, or undefined when the `$` is plain text. */
  private dollar(): SnippetNode | undefined {
    const rest = this.body.slice(this.at);
    const simple = /^\$(\d+|[_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (simple) {
      this.at += simple[0].length;
      return /^\d/.test(simple[1]) ? { kind: 'tabstop', index: Number(simple[1]) } : { kind: 'variable', name: simple[1] };
    }
    const braced = /^\$\{(\d+|[_a-zA-Z][_a-zA-Z0-9]*)([:|}/])/.exec(rest);
    if (!braced) return undefined;
    this.at += braced[0].length;
    const [, id, next] = braced;
    const isTabstop = /^\d/.test(id);
    if (next === '/') throw this.error(`transform on ${id} is not supported`);
    if (next === '}') return isTabstop ? { kind: 'tabstop', index: Number(id) } : { kind: 'variable', name: id };
    if (next === '|') {
      if (!isTabstop) throw this.error(`choice on variable ${id}`);
      return { kind: 'tabstop', index: Number(id), choices: this.choices() };
    }
    const inner = this.sequence(true);
    if (this.body[this.at] !== '}') throw this.error(`unclosed \${${id}:`);
    this.at++;
    return isTabstop ? { kind: 'tabstop', index: Number(id), placeholder: inner } : { kind: 'variable', name: id, fallback: inner };
  }

  private choices(): string[] {
    const values: string[] = [];
    let value = '';
    while (this.at < this.body.length) {
      const c = this.body[this.at];
      if (c === '\\' && ',|\\$}'.includes(this.body[this.at + 1] ?? '')) {
        value += this.body[this.at + 1];
        this.at += 2;
      } else if (c === ',') {
        values.push(value);
        value = '';
        this.at++;
      } else if (c === '|' && this.body[this.at + 1] === '}') {
        values.push(value);
        this.at += 2;
        return values;
      } else {
        value += c;
        this.at++;
      }
    }
    throw this.error('unclosed choice');
  }

  private error(message: string): Error {
    return new Error(`snippet body, offset ${this.at}: ${message}`);
  }
}

function walk(nodes: SnippetNode[], visit: (node: SnippetNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if (node.kind === 'tabstop' && node.placeholder) walk(node.placeholder, visit);
    if (node.kind === 'variable' && node.fallback) walk(node.fallback, visit);
  }
}

function render(nodes: SnippetNode[], picked: ReadonlyMap<number, string>, variables: Readonly<Record<string, string>>): string {
  // The first occurrence of a tab stop that carries text or choices defines what every mirror shows.
  const definitions = new Map<number, SnippetNode & { kind: 'tabstop' }>();
  walk(nodes, (node) => {
    if (node.kind === 'tabstop' && (node.placeholder || node.choices) && !definitions.has(node.index)) definitions.set(node.index, node);
  });
  const resolving = new Set<number>();
  const valueOf = (index: number): string => {
    const definition = definitions.get(index);
    if (!definition) return '';
    if (definition.choices) return picked.get(index) ?? definition.choices[0];
    if (resolving.has(index)) throw new Error(`tab stop $${index} contains itself`);
    resolving.add(index);
    const value = emit(definition.placeholder ?? []);
    resolving.delete(index);
    return value;
  };
  const emit = (list: SnippetNode[]): string =>
    list
      .map((node) => {
        if (node.kind === 'text') return node.text;
        if (node.kind === 'tabstop') return valueOf(node.index);
        const value = variables[node.name];
        if (value) return value;
        if (node.fallback) return emit(node.fallback);
        // The editor inserts an unknown variable's name; an empty known one inserts nothing.
        return node.name in variables ? '' : node.name;
      })
      .join('');
  return emit(nodes);
}

/** Variables as they are when a snippet is typed by its prefix with nothing selected. */
export const EDITOR_VARIABLES: Readonly<Record<string, string>> = { TM_SELECTED_TEXT: '', SELECTION: '', CLIPBOARD: '' };

export function parseSnippetBody(body: string): SnippetNode[] {
  return new BodyParser(body).parse();
}

export function tabStops(body: string): number[] {
  const indices = new Set<number>();
  walk(parseSnippetBody(body), (node) => {
    if (node.kind === 'tabstop') indices.add(node.index);
  });
  return [...indices].sort((a, b) => a - b);
}

/** The all-defaults expansion, then one expansion per other value of each choice. */
export function expandSnippet(body: string, variables: Readonly<Record<string, string>> = EDITOR_VARIABLES): Expansion[] {
  const nodes = parseSnippetBody(body);
  const expansions: Expansion[] = [{ label: 'default', text: render(nodes, new Map(), variables) }];
  const seen = new Set<number>();
  walk(nodes, (node) => {
    if (node.kind !== 'tabstop' || !node.choices || seen.has(node.index)) return;
    seen.add(node.index);
    for (const value of node.choices.slice(1)) {
      expansions.push({ label: `$${node.index}=${value}`, text: render(nodes, new Map([[node.index, value]]), variables) });
    }
  });
  return expansions;
}
