// Loads web-tree-sitter and the Python grammar once per process. The .wasm files sit next to the
// bundle in dist/; during development and tests they are resolved from node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;
let language: Language | undefined;

function locate(file: string, packagePath: string): string {
  const bundled = path.join(__dirname, file);
  if (existsSync(bundled)) return bundled;
  return require.resolve(packagePath);
}

/**
 * The two .wasm files compiled. Threads of one process can share them (a WebAssembly.Module passes
 * through postMessage): V8 then compiles the code once, and the optimized code one thread's
 * parsing makes hot serves the others too.
 */
export interface PythonWasm {
  runtime: WebAssembly.Module;
  grammar: WebAssembly.Module;
}

export async function compilePythonWasm(): Promise<PythonWasm> {
  const [runtime, grammar] = await Promise.all([
    WebAssembly.compile(readFileSync(locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'))),
    WebAssembly.compile(readFileSync(locate('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'))),
  ]);
  return { runtime, grammar };
}

/**
 * Resolves once the Python grammar is ready; every later call returns the same language. Given
 * `compiled`, it instantiates those modules instead of compiling the files again.
 */
export function loadPython(compiled?: PythonWasm): Promise<Language> {
  loading ??= (async () => {
    const wasm = compiled ?? (await compilePythonWasm());
    const runtime = {
      instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
        done(new WebAssembly.Instance(wasm.runtime, imports), wasm.runtime);
        return {};
      },
    };
    await Parser.init(runtime);
    fastWordAccess(runtime as unknown as EmscriptenRuntime);
    language = Language.loadSync(wasm.grammar);
    return language;
  })();
  return loading;
}

/** The parts of the Emscripten runtime object (the options given to Parser.init, filled in by it) used here. */
interface EmscriptenRuntime {
  HEAP32: Int32Array;
  setValue(ptr: number, value: number, type?: string): void;
  getValue(ptr: number, type?: string): number;
}

/**
 * web-tree-sitter hands every node to the wasm through setValue/getValue, which read a type name
 * and go through a DataView on each 32-bit word: about 5% of the time a file's analysis takes.
 * On a little-endian host (x64, arm64) a typed array reads the same words directly.
 */
function fastWordAccess(runtime: EmscriptenRuntime): void {
  if (endianness() !== 'LE' || !(runtime.HEAP32 instanceof Int32Array)) return;
  const { setValue, getValue } = runtime;
  runtime.setValue = (ptr, value, type) => {
    if (type === 'i32') runtime.HEAP32[ptr >> 2] = value;
    else setValue(ptr, value, type);
  };
  runtime.getValue = (ptr, type) => (type === 'i32' ? runtime.HEAP32[ptr >> 2] : getValue(ptr, type));
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
