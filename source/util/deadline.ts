/**
 * An AbortSignal that aborts when `ms` have passed (reason: a TimeoutError, as
 * AbortSignal.timeout gives), or when `signal` does, whichever comes first.
 *
 * Use it instead of AbortSignal.any([signal, AbortSignal.timeout(ms)]): on Node 20 the garbage
 * collector may take the timeout signal from under AbortSignal.any, which holds its sources
 * weakly, and the deadline then never comes (seen: a switch waiting for ever on a process that
 * held the API port and never answered). Here the timer holds its controller until it fires;
 * unref'd, it keeps no process alive.
 */
export function deadline(ms: number, signal?: AbortSignal): AbortSignal {
  const timer = new AbortController();
  setTimeout(() => timer.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms).unref();
  return signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
}
