// Loads web-tree-sitter and the Python grammar once per process. The .wasm files sit next to the
// bundle in dist/; during development and tests they are resolved from node_modules.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;
let language: Language | undefined;

function locate(file: string, packagePath: string): string {
  const bundled = path.join(__dirname, file);
  if (existsSync(bundled)) return bundled;
  return require.resolve(packagePath);
}

/** Resolves once the Python grammar is ready; every later call returns the same language. */
export function loadPython(): Promise<Language> {
  loading ??= (async () => {
    await Parser.init({
      locateFile: (name: string) => locate(name, `web-tree-sitter/${name}`),
    });
    language = await Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    return language;
  })();
  return loading;
}

export function pythonLanguage(): Language {
  if (!language) throw new Error('the Python grammar is not loaded yet: await loadPython() first');
  return language;
}

export function newPythonParser(): Parser {
  const parser = new Parser();
  parser.setLanguage(pythonLanguage());
  return parser;
}

/**
 * Parses `text` (reusing `old`, already edited to match it), giving up once `deadline` passes. A
 * parse that gave up is forgotten: left alone, the parser would resume it on its next call, even
 * for another text.
 */
export function parseWithin(parser: Parser, text: string, old: Tree | null | undefined, deadline: number): Tree | undefined {
  const tree = parser.parse(text, old ?? null, { progressCallback: () => performance.now() > deadline });
  if (tree) return tree;
  parser.reset();
  return undefined;
}
