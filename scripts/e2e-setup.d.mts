// Types of scripts/e2e-setup.mjs for the TypeScript suite in test/e2e/.
import type { ChildProcess } from 'node:child_process';

export const REPO: string;
export const E2E_DIR: string;
export const CODE_SERVER_VERSION: string;
export const CHROMIUM: string;
export const VSIX: string;
export const DEBIAN_PACKAGES: readonly string[];
export const QUIET_USER_SETTINGS: Readonly<Record<string, unknown>>;

export interface Editor {
  /** The Node 24 binary code-server runs on. */
  node: string;
  /** code-server's entry script. */
  entry: string;
}

export interface Profile {
  env: NodeJS.ProcessEnv;
  args: string[];
  userSettingsFile: string;
}

export interface RunningCodeServer {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Ends code-server's process group and every process below it. */
  stop(): void;
}

export function ensureDebianPackages(): void;
export function ensureNode24(): string;
export function ensureCodeServer(nodeHome: string): string;
export function ensureEditor(): Editor;
export function prepareProfile(runDir: string, userSettings?: Record<string, unknown>): Profile;
export function installExtension(editor: Editor, profile: Profile, vsix?: string): void;
export function descendantPids(rootPid: number): number[];
export function killProcessGroup(pid: number, signal?: NodeJS.Signals): void;
export function startCodeServer(editor: Editor, profile: Profile, workspace: string, options?: { port?: number; timeoutMs?: number }): Promise<RunningCodeServer>;
