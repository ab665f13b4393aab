import { setMaxListeners } from 'node:events';
import { InterruptedError } from '../util/errors.js';

/**
 * Runs `work` with an AbortSignal that Ctrl+C (SIGINT) or a closed terminal (SIGHUP)
 * aborts; the command then ends with InterruptedError (exit 130) instead of waiting.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per concurrent check
  let onSignal: () => void = () => {};
  const interrupted = new Promise<never>((_resolve, reject) => {
    onSignal = () => {
      controller.abort();
      reject(new InterruptedError());
    };
  });
  // `on`, not `once`: execa's signal-exit re-raises a signal nobody else still listens to,
  // which would end the process by the signal instead of our exit 130.
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    return await Promise.race([work(controller.signal), interrupted]);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGHUP', onSignal);
  }
}
