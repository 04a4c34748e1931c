// Finds and reads config files: `[tool.concurrency-lint]` in pyproject.toml and .concurrency-lint.json,
// searched from a folder upward; the nearest folder that has one wins.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { LintSettings } from '../engine';
import { ConfigError, settingsFromConfig } from './validate';

export const JSON_CONFIG_NAME = '.concurrency-lint.json';
export const PYPROJECT_NAME = 'pyproject.toml';
const TOOL_TABLE = 'concurrency-lint';

export interface LoadedConfig {
  /** The file the settings came from. */
  file: string;
  /** The folder `exclude` globs are relative to: the folder holding the file. */
  root: string;
  settings: Partial<LintSettings>;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
}

/** 1-based line and column of a character offset, for error messages. */
function lineColumnAt(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? ` at ${lineColumnAt(text, Number(position[1]))}` : '';
    throw new ConfigError(file, [`not valid JSON${where}: ${message}`]);
  }
}

function parseTomlFile(file: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const firstLine = e.message.split('\n')[0];
      throw new ConfigError(file, [`not valid TOML at line ${e.line}, column ${e.column}: ${firstLine}`]);
    }
    throw new ConfigError(file, [`not valid TOML: ${(e as Error).message}`]);
  }
}

/** The `[tool.concurrency-lint]` table of a parsed pyproject.toml, if it has one. */
function toolTable(toml: Record<string, unknown>): unknown {
  const tool = toml.tool;
  if (tool && typeof tool === 'object' && !Array.isArray(tool)) return (tool as Record<string, unknown>)[TOOL_TABLE];
  return undefined;
}

/**
 * Reads one config file named by the user. `.json` files hold the config object itself; `.toml` files
 * hold it under `[tool.concurrency-lint]` (or, for a file other than pyproject.toml, at the top level).
 */
export function loadConfigFile(file: string): LoadedConfig {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new ConfigError(file, ['no such file']);
  if (statSync(absolute).isDirectory()) throw new ConfigError(file, ['is a folder, not a config file']);
  const text = readText(absolute);
  let config: unknown;
  if (absolute.toLowerCase().endsWith('.toml')) {
    const toml = parseTomlFile(file, text);
    config = toolTable(toml);
    if (config === undefined) {
      if (path.basename(absolute) === PYPROJECT_NAME) throw new ConfigError(file, [`has no [tool.${TOOL_TABLE}] table`]);
      config = toml;
    }
  } else if (absolute.toLowerCase().endsWith('.json')) {
    config = parseJson(file, text);
  } else {
    throw new ConfigError(file, ['unsupported config file type: use a .json or .toml file']);
  }
  return { file: absolute, root: path.dirname(absolute), settings: settingsFromConfig(config, file) };
}

/** The config of one folder, if it has one: .concurrency-lint.json wins over pyproject.toml. */
function configIn(dir: string): LoadedConfig | undefined {
  const json = path.join(dir, JSON_CONFIG_NAME);
  if (existsSync(json)) return loadConfigFile(json);
  const pyproject = path.join(dir, PYPROJECT_NAME);
  if (existsSync(pyproject)) {
    // A pyproject.toml without our table is someone else's file: keep looking upward.
    const table = toolTable(parseTomlFile(pyproject, readText(pyproject)));
    if (table !== undefined) return { file: pyproject, root: dir, settings: settingsFromConfig(table, pyproject) };
  }
  return undefined;
}

/** Searches `startDir` and its ancestors for a config file; the nearest one wins. */
export function findConfig(startDir: string): LoadedConfig | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const found = configIn(dir);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
