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
        fastInput(imports, runtime as Partial<EmscriptenRuntime>);
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
  /** What Parser.parse reads the text through, while it runs. */
  currentParseCallback?: ((index: number, position: { row: number; column: number }) => string | undefined | null) | null;
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

/** UTF-16 units that fit the parser's input buffer (10 KiB, less the terminating zero). */
const INPUT_UNITS = (10 * 1024 - 2) / 2;

/**
 * The parser asks for the text in chunks (each time it reads past the last one, or goes back to
 * re-read). web-tree-sitter copies a chunk into the wasm one UTF-16 unit at a time, each through a
 * DataView: about 3% of a whole-file parse, and more of an incremental one. Node's Buffer writes
 * the same little-endian units (wasm memory is little-endian on every host) in one native copy.
 */
function fastInput(imports: WebAssembly.Imports, runtime: Partial<EmscriptenRuntime>): void {
  const env = imports.env;
  const memory = env.memory;
  if (!(memory instanceof WebAssembly.Memory) || typeof env.tree_sitter_parse_callback !== 'function') return;
  let heap = Buffer.from(memory.buffer);
  env.tree_sitter_parse_callback = (inputAddress: number, index: number, row: number, column: number, lengthAddress: number): void => {
    const chunk = runtime.currentParseCallback?.(index, { row, column });
    // The heap's buffer is replaced when the memory grows.
    if (heap.buffer !== memory.buffer) heap = Buffer.from(memory.buffer);
    if (typeof chunk !== 'string') {
      heap.writeInt32LE(0, lengthAddress);
      return;
    }
    // As web-tree-sitter does: the whole length (the wasm side caps it at the buffer) and as much as fits.
    heap.writeInt32LE(chunk.length, lengthAddress);
    const units = Math.min(chunk.length, INPUT_UNITS);
    heap.write(chunk, inputAddress, units * 2, 'utf16le');
    heap.writeUInt16LE(0, inputAddress + units * 2);
  };
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
