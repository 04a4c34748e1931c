// Which files a run lints: the paths given, folders searched recursively, minus the folders no one
// wants linted (VCS metadata, dependencies, virtualenvs, caches) and the `exclude` globs.
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ExcludeMatcher } from '../config';
import { isAnalyzable, isTsAnalyzable } from '../engine';

/** Folder names never searched: dependencies and tool caches, not the project's code. */
const EXCLUDED_DIR_NAMES = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '__pypackages__', '.tox', '.nox', 'site-packages', '.venv', 'venv']);

/** A virtualenv has a pyvenv.cfg at its top, whatever it is called (`env`, `.env`, `py311`). */
function isVirtualenv(dir: string): boolean {
  return existsSync(path.join(dir, 'pyvenv.cfg'));
}

export interface SkippedPath {
  path: string;
  reason: string;
}

export interface FileSelection {
  /** Absolute paths, deduplicated, in a stable order. */
  files: string[];
  skipped: SkippedPath[];
}

/** A path given on the command line does not exist. */
export class MissingPathError extends Error {}

export function selectFiles(paths: readonly string[], exclude: ExcludeMatcher, cwd: string): FileSelection {
  const files = new Set<string>();
  const skipped: SkippedPath[] = [];

  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Symlinked folders are not followed: they can loop, and usually point outside the project.
      const isDir = entry.isDirectory();
      const isFile = entry.isFile() || (entry.isSymbolicLink() && isRegularFile(full));
      if (isDir) {
        if (EXCLUDED_DIR_NAMES.has(entry.name) || isVirtualenv(full) || exclude.matchOne(full)) continue;
        walk(full);
      } else if (isFile && isLintable(entry.name) && !exclude.matchOne(full)) {
        files.add(full);
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new MissingPathError(`no such file or folder: ${given}`);
    }
    if (stats.isDirectory()) {
      if (exclude.match(absolute)) continue;
      walk(absolute);
    } else if (!isLintable(absolute)) {
      skipped.push({ path: absolute, reason: 'not a Python, TypeScript or JavaScript file' });
    } else {
      const glob = exclude.match(absolute);
      if (glob) skipped.push({ path: absolute, reason: `excluded by "${glob}"` });
      else files.add(absolute);
    }
  }
  return { files: [...files], skipped };
}

/** Python, TypeScript and JavaScript sources (declaration files describe code, they do not run it). */
function isLintable(file: string): boolean {
  return isAnalyzable(file) || isTsAnalyzable(file);
}

function isRegularFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
