// Every Python rule, in id order. A rule lives in its own file; adding one means adding it here.
import type { PythonRule } from '../rule';
import { unreleasedLock } from './CL001-unreleased-lock';
import { joinInLoop } from './CL003-join-in-loop';
import { acquireInsideTry } from './CL011-acquire-inside-try';

export const PYTHON_RULES: PythonRule[] = [unreleasedLock, joinInLoop, acquireInsideTry];
