// Which project a file belongs to: the nearest tsconfig/jsconfig (or a project it references that
// claims the file), else an inferred project. Parsed configs and LanguageServices are cached and
// evicted when idle or when too many are alive.
import path from 'node:path';
import ts from 'typescript';
import { FileStore, INFERRED_OPTIONS, nearestConfig, parseConfig, ParsedConfig, Project, referencedConfig } from './project';

export interface ProjectLimits {
  /** Projects not used for this long are disposed. */
  idleMs: number;
  /** At most this many LanguageServices are kept; the least recently used go first. */
  maxProjects: number;
}

export const DEFAULT_PROJECT_LIMITS: ProjectLimits = { idleMs: 10 * 60_000, maxProjects: 8 };

const CONFIG_FILE = /[\\/](?:tsconfig|jsconfig)[^\\/]*\.json$/i;

export class ProjectSet {
  private readonly configs = new Map<string, ParsedConfig | { error: string }>();
  private readonly projects = new Map<string, Project>();
  private readonly registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames);

  constructor(
    readonly files: FileStore,
    private readonly limits: ProjectLimits = DEFAULT_PROJECT_LIMITS,
    /** The config every file is analyzed with, instead of the nearest one (absolute path). */
    private readonly forcedConfig?: string,
  ) {}

  /** The project that analyzes `file`, with messages about configs that could not be used. */
  projectFor(file: string): { project: Project; notes: string[] } {
    const absolute = path.resolve(file);
    const notes: string[] = [];
    const nearest = this.forcedConfig ?? nearestConfig(absolute, this.files);
    let chosen: ParsedConfig | undefined;
    if (nearest) {
      chosen = this.claimingConfig(absolute, nearest, notes, false) ?? this.claimingConfig(absolute, nearest, [], true);
      if (!chosen && notes.length === 0) notes.push(`${absolute} is not part of ${nearest}; analyzing it in an inferred project`);
      else if (!chosen) notes.push(`analyzing ${absolute} in an inferred project`);
    }
    const project = chosen ? this.configProject(chosen) : this.inferredProject(absolute);
    // A file created since the project was made is claimed by its config (read again) but is not
    // one of the project's files yet.
    project.addRoot(absolute);
    this.sweep(project);
    return { project, notes };
  }

  /** A file changed on disk (or was created or deleted): re-read it; a changed config is re-parsed. */
  fileChanged(file: string): void {
    const absolute = path.resolve(file);
    this.files.bump(absolute);
    if (CONFIG_FILE.test(absolute)) {
      this.configs.delete(absolute);
      const project = this.projects.get(absolute);
      if (project) {
        project.dispose();
        this.projects.delete(absolute);
      }
    }
  }

  get liveProjects(): number {
    return this.projects.size;
  }

  dispose(): void {
    for (const p of this.projects.values()) p.dispose();
    this.projects.clear();
    this.configs.clear();
  }

  /**
   * The config among `start` and the projects it references (transitively; cycles are cut) whose
   * files include `file`. `reparse` re-reads the configs, for a file created since they were read.
   */
  private claimingConfig(file: string, start: string, notes: string[], reparse: boolean): ParsedConfig | undefined {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const configFile = path.resolve(queue.shift()!);
      if (seen.has(configFile)) continue;
      seen.add(configFile);
      if (reparse) this.configs.delete(configFile);
      const config = this.config(configFile);
      if ('error' in config) {
        notes.push(config.error);
        continue;
      }
      if (config.fileNames.some((f) => path.resolve(f) === file)) return config;
      for (const ref of config.references) queue.push(referencedConfig(ref));
    }
    return undefined;
  }

  private config(configFile: string): ParsedConfig | { error: string } {
    let config = this.configs.get(configFile);
    if (!config) {
      config = this.files.exists(configFile) ? parseConfig(configFile, this.files) : { error: `${configFile} does not exist` };
      this.configs.set(configFile, config);
    }
    return config;
  }

  private configProject(config: ParsedConfig): Project {
    let project = this.projects.get(config.file);
    if (!project) {
      project = new Project(config.file, config.options, config.fileNames, this.files, this.registry, path.dirname(config.file), config.references);
      this.projects.set(config.file, project);
    }
    return project;
  }

  /** Loose files share an inferred project per package folder, so its node_modules types resolve. */
  private inferredProject(file: string): Project {
    const root = packageRoot(file);
    const id = `inferred:${root}`;
    let project = this.projects.get(id);
    if (!project) {
      project = new Project(undefined, INFERRED_OPTIONS, [], this.files, this.registry, root);
      this.projects.set(id, project);
    }
    return project;
  }

  private sweep(inUse: Project): void {
    const now = Date.now();
    const byAge = [...this.projects.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    let alive = byAge.length;
    for (const [id, project] of byAge) {
      if (project === inUse) continue;
      if (now - project.lastUsed > this.limits.idleMs || alive > this.limits.maxProjects) {
        project.dispose();
        this.projects.delete(id);
        alive--;
      }
    }
  }
}

/** The nearest folder above the file that has a node_modules folder, else the file's folder. */
function packageRoot(file: string): string {
  let dir = path.dirname(file);
  for (;;) {
    if (ts.sys.directoryExists(path.join(dir, 'node_modules'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(file);
    dir = parent;
  }
}
