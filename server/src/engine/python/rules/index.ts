// Every Python rule, in id order. A rule lives in its own file; adding one means adding it here.
import type { PythonRule } from '../rule';

export const PYTHON_RULES: PythonRule[] = [];
