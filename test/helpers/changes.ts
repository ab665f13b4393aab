import type { EventEmitter } from 'node:events';

/**
 * Resolves once `predicate` holds, looking again at each `change` the emitter sends (a frame
 * written, a state changed); fails past `timeoutMs` with `message()`. No polling, no sleep.
 */
export function untilChange(changes: EventEmitter, predicate: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate()) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(message()));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      changes.off('change', check);
    };
    changes.on('change', check);
    check();
  });
}
