// Every Python rule, in id order. A rule lives in its own file; adding one means adding it here.
import type { PythonRule } from '../rule';
import { unreleasedLock } from './CL001-unreleased-lock';

export const PYTHON_RULES: PythonRule[] = [unreleasedLock];
