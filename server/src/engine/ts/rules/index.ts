// Every TypeScript/JavaScript rule, in id order.
import type { TsRule } from '../rule';
import { unreleasedMutex } from './CL001-unreleased-mutex';
import { unserializablePayload } from './CL002-unserializable-payload';
import { joinInLoop } from './CL003-join-in-loop';
import { queueStateRace } from './CL004-queue-state-race';
import { abortControllerReuse } from './CL005-event-reuse';
import { workerErrorUnhandled } from './CL016-worker-error-unhandled';

export const TS_RULES: readonly TsRule[] = [unreleasedMutex, unserializablePayload, joinInLoop, queueStateRace, abortControllerReuse, workerErrorUnhandled];
