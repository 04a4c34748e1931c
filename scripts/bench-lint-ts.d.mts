// Types for the generated modules of bench-lint-ts.mjs, for the check script that edits them.
export function realisticWorkerModule(lines: number): string;
export function stressModule(lines: number): string;
