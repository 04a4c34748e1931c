// Every Python rule, in id order. A rule lives in its own file; adding one means adding it here.
import type { PythonRule } from '../rule';
import { unreleasedLock } from './CL001-unreleased-lock';
import { unserializablePayload } from './CL002-unserializable-payload';
import { joinInLoop } from './CL003-join-in-loop';
import { queueStateRace } from './CL004-queue-state-race';
import { eventReuse } from './CL005-event-reuse';
import { daemonAfterStart } from './CL006-daemon-after-start';
import { targetCalled } from './CL007-target-called';
import { poolJoinWithoutClose } from './CL008-pool-join-without-close';
import { missingMainGuard } from './CL009-missing-main-guard';
import { deprecatedThreadApi } from './CL010-deprecated-thread-api';
import { acquireInsideTry } from './CL011-acquire-inside-try';

export const PYTHON_RULES: PythonRule[] = [
  unreleasedLock,
  unserializablePayload,
  joinInLoop,
  queueStateRace,
  eventReuse,
  daemonAfterStart,
  targetCalled,
  poolJoinWithoutClose,
  missingMainGuard,
  deprecatedThreadApi,
  acquireInsideTry,
];
