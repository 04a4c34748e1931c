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
  /**
   * Bumped when files may have appeared or disappeared, or a package.json changed: module
   * resolutions depend on it. Edits of a file that was there before leave it alone, so saving a
   * file does not make every project resolve every import again.
   */
  layout = 0;
  /** Files read from disk: a change to one of them that still exists is an edit, not a new file. */
  private readonly readFromDisk = new Set<string>();

  setOpen(file: string, text: string, version: number): void {
    const k = key(file);
    const previous = this.open.get(k);
    if (previous && previous.version === version && previous.text === text) return;
    if (!previous && !ts.sys.fileExists(file)) this.layout++;
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
    if (!this.readFromDisk.has(k) || path.basename(file) === 'package.json' || !ts.sys.fileExists(file)) this.layout++;
    this.diskVersions.set(k, (this.diskVersions.get(k) ?? 0) + 1);
  }

  version(file: string): string {
    const k = key(file);
    const doc = this.open.get(k);
    return doc ? `open:${doc.version}` : `disk:${this.diskVersions.get(k) ?? 0}`;
  }

  read(file: string): string | undefined {
    const k = key(file);
    const open = this.open.get(k);
    if (open) return open.text;
    const text = ts.sys.readFile(file);
    if (text !== undefined) this.readFromDisk.add(k);
    return text;
  }

  exists(file: string): boolean {
    return this.open.has(key(file)) || ts.sys.fileExists(file);
  }
}

function key(file: string): string {
  return ts.sys.useCaseSensitiveFileNames ? path.resolve(file) : path.resolve(file).toLowerCase();
}

/**
 * A file's text at one version. Against the snapshot of the previous version it tells the parser
 * which span changed, so an edit re-parses only around the change (as in an editor) instead of the
 * whole file.
 */
export class TextSnapshot implements ts.IScriptSnapshot {
  constructor(readonly text: string) {}

  getText(start: number, end: number): string {
    return start === 0 && end === this.text.length ? this.text : this.text.substring(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  getChangeRange(oldSnapshot: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(oldSnapshot instanceof TextSnapshot)) return undefined;
    const before = oldSnapshot.text;
    const after = this.text;
    const shorter = Math.min(before.length, after.length);
    let prefix = 0;
    while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
    return ts.createTextChangeRange(ts.createTextSpan(prefix, before.length - prefix - suffix), after.length - prefix - suffix);
  }
}

/** One LanguageService over a fixed set of root files and options. */
export class Project {
  readonly service: ts.LanguageService;
  private readonly roots: Set<string>;
  private rootsVersion = 0;
  private readonly snapshots = new Map<string, { version: string; snapshot: TextSnapshot }>();
  private readonly resolutionCache: ts.ModuleResolutionCache;
  /** The FileStore's layout when the resolution cache was last cleared. */
  private resolvedLayout = -1;
  /** Set while the program is brought up to date after files appeared or disappeared. */
  private resolutionsInvalid = false;
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
    const getCanonicalFileName = (f: string): string => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase());
    // Without a cache of its own a LanguageService resolves the edited file's imports, and looks up
    // the package.json that decides whether it is an ES module, from the disk again on every update.
    this.resolutionCache = ts.createModuleResolutionCache(currentDirectory, getCanonicalFileName, options);
    const resolutionHost: ts.ModuleResolutionHost = {
      fileExists: (f) => this.files.exists(f),
      readFile: (f) => this.files.read(f),
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    };
    // useSourceOfProjectReferenceRedirect, getModuleResolutionCache (where the program and the
    // document registry find the package.json cache) and hasInvalidatedResolutions are read by the
    // LanguageService but not in the public typings.
    const host: ts.LanguageServiceHost & {
      useSourceOfProjectReferenceRedirect(): boolean;
      getModuleResolutionCache(): ts.ModuleResolutionCache;
      hasInvalidatedResolutions(path: string): boolean;
    } = {
      getModuleResolutionCache: () => this.resolutionCache,
      // After files appeared or disappeared every file's imports are resolved again, not only the
      // edited ones: an import that failed may find the new file now.
      hasInvalidatedResolutions: () => this.resolutionsInvalid,
      resolveModuleNameLiterals: (literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) => {
        return literals.map((literal) =>
          ts.resolveModuleName(
            literal.text,
            containingFile,
            compilerOptions,
            resolutionHost,
            this.resolutionCache,
            redirectedReference,
            ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions),
          ),
        );
      },
      getCompilationSettings: () => this.options,
      getProjectReferences: () => this.projectReferences,
      // Read referenced projects' sources, not their build output (which may not exist): as an editor does.
      useSourceOfProjectReferenceRedirect: () => true,
      getScriptFileNames: () => [...this.roots],
      getProjectVersion: () => `${this.rootsVersion}:${this.files.generation}`,
      getScriptVersion: (f) => this.files.version(f),
      getScriptSnapshot: (f) => this.snapshot(f),
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

  /**
   * The file's text at its current version. The LanguageService asks for the snapshot of every file
   * of the program on every update, before it compares versions: reading them all from disk again
   * cost more than the analysis itself, so a snapshot is kept until its version changes.
   */
  private snapshot(file: string): ts.IScriptSnapshot | undefined {
    const version = this.files.version(file);
    const known = this.snapshots.get(file);
    if (known && known.version === version && (!this.files.isOpen(file) || known.snapshot.text === this.files.read(file))) return known.snapshot;
    const text = this.files.read(file);
    if (text === undefined) {
      this.snapshots.delete(file);
      return undefined;
    }
    const snapshot = new TextSnapshot(text);
    this.snapshots.set(file, { version, snapshot });
    return snapshot;
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
    // A file appeared or disappeared (or changed on disk: a package.json, say) since the last
    // program: every resolution may differ now.
    this.resolutionsInvalid = this.resolvedLayout !== this.files.layout;
    if (this.resolutionsInvalid) {
      this.resolutionCache.clear();
      this.resolvedLayout = this.files.layout;
    }
    let program: ts.Program | undefined;
    try {
      program = this.service.getProgram();
    } finally {
      this.resolutionsInvalid = false;
    }
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
