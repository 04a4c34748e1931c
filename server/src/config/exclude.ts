// The `exclude` setting: globs of files and folders not to lint, shared by the CLI and the server.
import path from 'node:path';
import picomatch from 'picomatch';

/** Whether `p` lies strictly inside the folder `base`. */
function isInside(p: string, base: string): boolean {
  const rel = path.relative(base, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The `exclude` globs. A glob without a slash matches a file or folder name at any depth (`build`,
 * `*_pb2.py`); a glob with one matches the path relative to the config folder or the current folder
 * (`src/generated/**`). A matching folder excludes everything under it.
 */
export class ExcludeMatcher {
  private readonly byName: { glob: string; test: (s: string) => boolean }[] = [];
  private readonly byPath: { glob: string; test: (s: string) => boolean }[] = [];

  constructor(
    globs: readonly string[],
    private readonly bases: readonly string[],
  ) {
    for (const glob of globs) {
      const pattern = glob.replace(/^\.\//, '').replace(/^\//, '').replace(/\/+$/, '');
      if (pattern === '') continue;
      const test = picomatch(pattern, { dot: true });
      (pattern.includes('/') ? this.byPath : this.byName).push({ glob, test });
    }
  }

  get isEmpty(): boolean {
    return this.byName.length === 0 && this.byPath.length === 0;
  }

  /** The glob that excludes this one path (not looking at its parents), if any. */
  matchOne(absolute: string): string | undefined {
    // The folder a run starts from is never excluded by its own name (`build` run inside ./build).
    if (!this.bases.includes(absolute)) {
      const name = path.basename(absolute);
      for (const m of this.byName) if (m.test(name)) return m.glob;
    }
    for (const base of this.bases) {
      if (!isInside(absolute, base)) continue;
      const slashed = toSlashes(path.relative(base, absolute));
      for (const m of this.byPath) if (m.test(slashed)) return m.glob;
    }
    return undefined;
  }

  /** The glob that excludes this path or one of the folders above it (up to the bases), if any. */
  match(absolute: string): string | undefined {
    let current = absolute;
    for (;;) {
      const hit = this.matchOne(current);
      if (hit) return hit;
      const parent = path.dirname(current);
      if (parent === current || !this.bases.some((b) => isInside(parent, b))) return undefined;
      current = parent;
    }
  }
}
