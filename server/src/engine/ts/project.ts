// The project model: one LanguageService per tsconfig.json/jsconfig.json, and one inferred project for
// files no config claims. Open documents come from the caller (an in-memory overlay with versions);
// every other file is read from disk. Projects unused for a while are disposed so memory stays bounded.
import path from 'node:path';
import ts from 'typescript';

/** Compiler options of the inferred project: loose .js files get the same inference as in an editor. */
export const INFERRED_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowJs: true,
  checkJs: true,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  allowNonTsExtensions: true,
  types: ['node'],
};

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

interface OverlayDocument {
  text: string;
  version: number;
}

/** What files exist and what they contain: open documents first, then the disk. */
export class FileStore {
  private readonly open = new Map<string, OverlayDocument>();
  /** Bumped by fileChanged() so LanguageServices re-read a file changed on disk. */
  private readonly diskVersions = new Map<string, number>();

  /** Bumped on every change, so a LanguageService knows when to look at file versions again. */
  generation = 0;

  setOpen(file: string, text: string, version: number): void {
    const k = key(file);
    const previous = this.open.get(k);
    if (previous && previous.version === version && previous.text === text) return;
    this.open.set(k, { text, version });
    this.generation++;
  }

  close(file: string): void {
    this.open.delete(key(file));
    this.bump(file);
  }

  isOpen(file: string): boolean {
    return this.open.has(key(file));
  }

  bump(file: string): void {
    this.generation++;
    const k = key(file);
    this.diskVersions.set(k, (this.diskVersions.get(k) ?? 0) + 1);
  }

  version(file: string): string {
    const k = key(file);
    const doc = this.open.get(k);
    return doc ? `open:${doc.version}` : `disk:${this.diskVersions.get(k) ?? 0}`;
  }

  read(file: string): string | undefined {
    return this.open.get(key(file))?.text ?? ts.sys.readFile(file);
  }

  exists(file: string): boolean {
    return this.open.has(key(file)) || ts.sys.fileExists(file);
  }
}

function key(file: string): string {
  return ts.sys.useCaseSensitiveFileNames ? path.resolve(file) : path.resolve(file).toLowerCase();
}

/** One LanguageService over a fixed set of root files and options. */
export class Project {
  readonly service: ts.LanguageService;
  private readonly roots: Set<string>;
  private rootsVersion = 0;
  lastUsed = Date.now();

  constructor(
    /** The config file, or undefined for the inferred project. */
    readonly configFile: string | undefined,
    private readonly options: ts.CompilerOptions,
    rootFiles: readonly string[],
    private readonly files: FileStore,
    registry: ts.DocumentRegistry,
    currentDirectory: string,
    private readonly projectReferences?: readonly ts.ProjectReference[],
  ) {
    this.roots = new Set(rootFiles.map((f) => path.resolve(f)));
    // useSourceOfProjectReferenceRedirect is read by the LanguageService but not in the public typings.
    const host: ts.LanguageServiceHost & { useSourceOfProjectReferenceRedirect(): boolean } = {
      getCompilationSettings: () => this.options,
      getProjectReferences: () => this.projectReferences,
      // Read referenced projects' sources, not their build output (which may not exist): as an editor does.
      useSourceOfProjectReferenceRedirect: () => true,
      getScriptFileNames: () => [...this.roots],
      getProjectVersion: () => `${this.rootsVersion}:${this.files.generation}`,
      getScriptVersion: (f) => this.files.version(f),
      getScriptSnapshot: (f) => {
        const text = this.files.read(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => currentDirectory,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => this.files.exists(f),
      readFile: (f) => this.files.read(f),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
    this.service = ts.createLanguageService(host, registry);
  }

  hasRoot(file: string): boolean {
    return this.roots.has(path.resolve(file));
  }

  addRoot(file: string): void {
    if (this.hasRoot(file)) return;
    this.roots.add(path.resolve(file));
    this.rootsVersion++;
  }

  removeRoot(file: string): void {
    if (this.roots.delete(path.resolve(file))) this.rootsVersion++;
  }

  program(): ts.Program {
    this.lastUsed = Date.now();
    const program = this.service.getProgram();
    if (!program) throw new Error('the TypeScript language service produced no program');
    return program;
  }

  dispose(): void {
    this.service.dispose();
  }
}

/** A parsed config: the files it claims, its options, the configs it references. */
export interface ParsedConfig {
  file: string;
  options: ts.CompilerOptions;
  fileNames: string[];
  references: readonly ts.ProjectReference[];
}

/** Reads and parses a tsconfig/jsconfig; a config that cannot be read gives a message instead. */
export function parseConfig(configFile: string, files: FileStore): ParsedConfig | { error: string } {
  const read = ts.readConfigFile(configFile, (f) => files.read(f));
  if (read.error) return { error: `${configFile} is invalid: ${flatten(read.error)}` };
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    readDirectory: ts.sys.readDirectory,
    fileExists: (f) => files.exists(f),
    readFile: (f) => files.read(f),
  };
  const parsed = ts.parseJsonConfigFileContent(read.config, host, path.dirname(configFile), undefined, configFile);
  // "No inputs were found" (18003) is normal for solution-style configs that only list references.
  const fatal = parsed.errors.filter((d) => d.code !== 18003 && d.category === ts.DiagnosticCategory.Error);
  if (fatal.length > 0 && parsed.fileNames.length === 0 && !parsed.projectReferences?.length) {
    return { error: `${configFile} is invalid: ${fatal.map(flatten).join('; ')}` };
  }
  return {
    file: configFile,
    options: { ...parsed.options, noEmit: true, allowNonTsExtensions: true },
    fileNames: parsed.fileNames,
    references: parsed.projectReferences ?? [],
  };
}

function flatten(d: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.messageText, ' ');
}

/** The nearest tsconfig.json or jsconfig.json in the file's folder or above it. */
export function nearestConfig(file: string, files: FileStore): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (files.exists(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The config path a project reference names (a folder means its tsconfig.json). */
export function referencedConfig(ref: ts.ProjectReference): string {
  return ref.path.endsWith('.json') ? ref.path : path.join(ref.path, 'tsconfig.json');
}
