// Lays out the TS and JS snippet programs on disk for one `tsc` run and one `node` run each:
//   <root>/<flavor>/alone/<prefix>.<label>.<ext>  the snippet by itself (type-checked)
//   <root>/<flavor>/<program>/main.<ext> + files  the snippet in its harness (type-checked and run)
// TS is run after transpiling to CommonJS; JS snippets are CommonJS already, and their harness is the
// TS harness transpiled around them. A node_modules link resolves @types/node, piscina and async-mutex.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { type Expansion } from './expand';
import { TYPESCRIPT_HARNESSES, type TypeScriptHarness } from './typescript-harness';

export type Flavor = 'ts' | 'js';

export interface NodeSnippet {
  prefix: string;
  expansions: Expansion[];
}

const safe = (label: string) => label.replace(/[^a-zA-Z0-9]+/g, '_');

export function alonePath(flavor: Flavor, prefix: string, label: string): string {
  return `${flavor}/alone/${prefix}.${safe(label)}.${flavor}`;
}

export function programDir(flavor: Flavor, prefix: string, label: string): string {
  const harness: TypeScriptHarness = TYPESCRIPT_HARNESSES[prefix] ?? {};
  return harness.companionOf ? `${flavor}/${harness.companionOf.prefix}.with.${prefix}.${safe(label)}` : `${flavor}/${prefix}.${safe(label)}`;
}

function toCommonJs(text: string): string {
  return ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } })
    .outputText;
}

const SNIPPET_SLOT = '__SNIPPET_GOES_HERE__;';

export class NodePrograms {
  /** Program directories, relative to the root, each with a main.js to run. */
  readonly runnable: string[] = [];

  constructor(
    private readonly root: string,
    private readonly snippets: Readonly<Record<Flavor, NodeSnippet[]>>,
  ) {}

  write(): void {
    symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(this.root, 'node_modules'), 'dir');
    writeFileSync(
      path.join(this.root, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'],
          esModuleInterop: true, skipLibCheck: true, noEmit: true, allowJs: true, checkJs: true,
          // Each file is its own module, so the top-level names of different programs never meet.
          moduleDetection: 'force',
        },
        include: ['ts/**/*.ts', 'js/alone/*.js'],
      }),
    );
    for (const flavor of ['ts', 'js'] as const) {
      mkdirSync(path.join(this.root, flavor, 'alone'), { recursive: true });
      for (const snippet of this.snippets[flavor]) {
        for (const expansion of snippet.expansions) {
          writeFileSync(path.join(this.root, alonePath(flavor, snippet.prefix, expansion.label)), expansion.text);
          if (!TYPESCRIPT_HARNESSES[snippet.prefix]) continue;
          const dir = programDir(flavor, snippet.prefix, expansion.label);
          mkdirSync(path.join(this.root, dir));
          for (const [name, text] of Object.entries(this.programFiles(flavor, snippet.prefix, expansion))) {
            writeFileSync(path.join(this.root, dir, name), text);
            if (flavor === 'ts') writeFileSync(path.join(this.root, dir, name.replace(/\.ts$/, '.js')), toCommonJs(text));
          }
          this.runnable.push(dir);
        }
      }
    }
  }

  private defaultExpansion(flavor: Flavor, prefix: string): string {
    const snippet = this.snippets[flavor].find((s) => s.prefix === prefix);
    if (!snippet) throw new Error(`no ${flavor} snippet ${prefix}`);
    return snippet.expansions[0].text;
  }

  /** The files of the program that runs this expansion, by file name. */
  private programFiles(flavor: Flavor, prefix: string, expansion: Expansion): Record<string, string> {
    const harness = TYPESCRIPT_HARNESSES[prefix];
    const ext = (name: string) => (flavor === 'js' ? name.replace(/\.ts$/, '.js') : name);
    if (harness.companionOf) {
      const host = harness.companionOf.prefix;
      const files = this.programFiles(flavor, host, { label: 'default', text: this.defaultExpansion(flavor, host) });
      files[ext(harness.companionOf.file)] = expansion.text;
      return files;
    }
    const around = [harness.before ?? '', SNIPPET_SLOT, harness.after ?? ''].join('\n');
    const main = flavor === 'ts' ? around : toCommonJs(around);
    const files: Record<string, string> = { [ext('main.ts')]: main.replace(SNIPPET_SLOT, () => expansion.text) };
    for (const [name, content] of Object.entries(harness.files ?? {})) {
      if ('snippet' in content) files[ext(name)] = this.defaultExpansion(flavor, content.snippet);
      else files[ext(name)] = flavor === 'ts' ? content.source : toCommonJs(content.source);
    }
    return files;
  }
}
