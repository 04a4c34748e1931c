// Every Python rule, in id order. A rule lives in its own file; adding one means adding it here.
import type { PythonRule } from '../rule';
import { unreleasedLock } from './CL001-unreleased-lock';
import { joinInLoop } from './CL003-join-in-loop';
import { queueStateRace } from './CL004-queue-state-race';
import { eventReuse } from './CL005-event-reuse';
import { daemonAfterStart } from './CL006-daemon-after-start';
import { poolJoinWithoutClose } from './CL008-pool-join-without-close';
import { deprecatedThreadApi } from './CL010-deprecated-thread-api';
import { acquireInsideTry } from './CL011-acquire-inside-try';

export const PYTHON_RULES: PythonRule[] = [
  unreleasedLock,
  joinInLoop,
  queueStateRace,
  eventReuse,
  daemonAfterStart,
  poolJoinWithoutClose,
  deprecatedThreadApi,
  acquireInsideTry,
];
