import { describe, expect, it } from 'vitest';
import { ServiceBoard } from '../../source/demo/board.js';

describe('ServiceBoard: the demo services as they come up', () => {
  it('times each service from its start, and settles with the time the whole took', () => {
    let now = 1000;
    const board = new ServiceBoard([], () => now);
    board.progress('postgres', 'starting');
    now = 3100;
    board.progress('postgres', 'ready');
    board.progress('redis', 'ready', 'redis-server');
    now = 4000;
    board.settle();
    expect(board.state.services.postgres).toMatchObject({ state: 'ready', ms: 2100 });
    expect(board.state.services.redis).toMatchObject({ state: 'ready', detail: 'redis-server', ms: 2100 });
    // Still starting when start() ended: it did not come up.
    expect(board.state.services.backend).toMatchObject({ state: 'failed', ms: 3000 });
    expect(board.state).toMatchObject({ settled: true, ms: 3000, waiting: false });
    expect(board.state.services.postgres.since).toBe(1000);
  });

  it('holds a run that asks before the services settled, and says so meanwhile', async () => {
    const board = new ServiceBoard(['postgres']);
    expect(board.state.services.postgres.state).toBe('skipped');
    let released = false;
    const waiting = board.untilSettled().then(() => (released = true));
    expect(board.state.waiting).toBe(true);
    await Promise.resolve();
    expect(released).toBe(false);
    board.settle();
    await waiting;
    expect(board.state.waiting).toBe(false);
    await board.untilSettled(); // after settling, at once
  });

  it('never lets a waiting run start once the demo has ended (quit before the services were up)', async () => {
    const board = new ServiceBoard();
    const waiting = board.untilSettled();
    board.close();
    await expect(waiting).rejects.toThrow('the demo has ended');
    board.settle();
    await expect(board.untilSettled()).rejects.toThrow('the demo has ended');
  });

  it('knows the whole took once the last service is up, before start() has returned', () => {
    let now = 0;
    const board = new ServiceBoard(['postgres'], () => now);
    board.progress('redis', 'ready');
    expect(board.state.ms).toBeUndefined();
    now = 1500;
    board.progress('backend', 'ready');
    expect(board.state).toMatchObject({ settled: false, ms: 1500 });
  });
});
