// Reads a Python source file the way Python does: UTF-8 unless a PEP 263 coding cookie in the first
// two lines names another encoding. Files that are binary or too large are skipped with a reason.
import { readFileSync, statSync } from 'node:fs';
import { TextDecoder } from 'node:util';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export type SourceRead =
  | { text: string; /** Problems worth telling the user that did not stop the analysis. */ notes: string[] }
  | { skipped: string };

/** PEP 263: `# -*- coding: latin-1 -*-`, `# vim: set fileencoding=cp1252 :`. */
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Python's names for ISO-8859-1, which TextDecoder would take as windows-1252. */
const LATIN_1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', '8859', 'cp819', 'iso-ir-100']);
const UTF_8 = new Set(['utf-8', 'utf8', 'utf-8-sig', 'u8', 'cp65001']);

/** The encoding a coding cookie names, if the first or second line has one. */
export function codingCookie(bytes: Uint8Array): string | undefined {
  // The cookie is ASCII; latin1 decoding of the head never fails and keeps byte positions.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  for (let i = 0; i < lines.length; i++) {
    const match = CODING_COOKIE.exec(lines[i]);
    if (match) return match[1].toLowerCase().replace(/_/g, '-');
    // Only a comment or blank first line lets the cookie sit on the second.
    if (i === 0 && !/^[ \t\f]*(#.*)?$/.test(lines[0])) break;
  }
  return undefined;
}

function lineOfFirstReplacement(text: string): number {
  const at = text.indexOf('\uFFFD');
  return text.slice(0, at).split('\n').length;
}

/** Decodes file bytes per PEP 263; invalid bytes become U+FFFD and a note says so. */
export function decodeSource(bytes: Uint8Array): { text: string; notes: string[] } {
  const notes: string[] = [];
  let encoding = codingCookie(bytes) ?? 'utf-8';
  if (LATIN_1.has(encoding)) return { text: Buffer.from(bytes).toString('latin1'), notes };
  if (UTF_8.has(encoding)) encoding = 'utf-8';
  let strict: TextDecoder;
  try {
    strict = new TextDecoder(encoding, { fatal: true });
  } catch {
    notes.push(`unknown encoding "${encoding}" in the coding cookie; read as UTF-8`);
    encoding = 'utf-8';
    strict = new TextDecoder(encoding, { fatal: true });
  }
  try {
    return { text: strict.decode(bytes), notes };
  } catch {
    const text = new TextDecoder(encoding).decode(bytes);
    const name = encoding === 'utf-8' ? 'UTF-8' : encoding;
    notes.push(`not valid ${name} (first bad byte on line ${lineOfFirstReplacement(text)}); analyzed with replacement characters`);
    return { text, notes };
  }
}

/** Why a file is not read at all (not a regular file, too large), or undefined. */
export function whyNotReadable(file: string): string | undefined {
  const stats = statSync(file);
  // A named pipe or device would block the read forever.
  if (!stats.isFile()) return 'not a regular file';
  const size = stats.size;
  if (size > MAX_FILE_BYTES) return `file is too large (${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)`;
  return undefined;
}

export function readSource(file: string): SourceRead {
  const unreadable = whyNotReadable(file);
  if (unreadable) return { skipped: unreadable };
  const bytes = readFileSync(file);
  if (bytes.includes(0)) return { skipped: 'binary file (contains NUL bytes)' };
  return decodeSource(bytes);
}
