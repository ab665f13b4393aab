import { createServer, type Socket } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../source/probes/http.js';
import { deadline } from '../../source/util/deadline.js';

// The garbage collector, on demand, as `node --expose-gc` would give it.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A server that accepts every connection and never answers: a port held by a stranger. */
const silent = createServer();
const sockets: Socket[] = [];
let url = '';

beforeAll(async () => {
  silent.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}/health`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

/** Collects garbage every few milliseconds until `work` settles, then says how it settled. */
async function underCollection<T>(work: Promise<T>): Promise<PromiseSettledResult<T>> {
  const collector = setInterval(gc, 10);
  try {
    const [settled] = await Promise.allSettled([work]);
    return settled!;
  } finally {
    clearInterval(collector);
  }
}

describe('deadline', () => {
  it('ends a request to a server that never answers, however often the garbage collector runs', async () => {
    const settled = await underCollection(httpRequest(url, { signal: deadline(150, new AbortController().signal) }));
    expect(settled.status).toBe('rejected');
    const reason = (settled as PromiseRejectedResult).reason as Error & { cause?: Error };
    expect(reason.name).toBe('AbortError');
    expect(reason.cause?.name).toBe('TimeoutError'); // a timeout, as classifyNetError reads it
  });

  it('without a parent signal too, and with the parent aborting first it carries the parent\'s reason', async () => {
    const alone = await underCollection(httpRequest(url, { signal: deadline(150) }));
    expect(alone.status).toBe('rejected');
    const parent = new AbortController();
    const signal = deadline(60_000, parent.signal);
    parent.abort(new Error('Ctrl+C'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('Ctrl+C');
  });
});
