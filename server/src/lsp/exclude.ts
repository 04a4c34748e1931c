// `concurrencyLint.exclude`: globs matched against a document's path relative to its workspace
// folder and against its absolute path, so both `build/**` and `**/vendor/**` work.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';

type Matcher = (candidate: string) => boolean;

function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

/** The document's file system path, or for non-file schemes (untitled:) the path part of the uri. */
function pathOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol === 'file:') return toPosix(fileURLToPath(url));
    return decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

export class ExcludeMatcher {
  private folders: string[] = [];
  private readonly compiled = new Map<string, Matcher>();

  /** Workspace folder uris; the deepest folder containing a document gives its relative path. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((u) => {
      const p = pathOf(u);
      return p ? [p.replace(/\/+$/, '')] : [];
    });
    this.folders.sort((a, b) => b.length - a.length);
  }

  isExcluded(uri: string, globs: readonly string[]): boolean {
    if (globs.length === 0) return false;
    const absolute = pathOf(uri);
    if (!absolute) return false;
    const candidates = [absolute];
    const folder = this.folders.find((f) => absolute.startsWith(`${f}/`));
    if (folder) candidates.push(path.posix.relative(folder, absolute));
    const matches = this.matcher(globs);
    return candidates.some(matches);
  }

  private matcher(globs: readonly string[]): Matcher {
    const key = globs.join('\n');
    let matcher = this.compiled.get(key);
    if (!matcher) {
      matcher = picomatch([...globs], { dot: true });
      this.compiled.set(key, matcher);
    }
    return matcher;
  }
}
