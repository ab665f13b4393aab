/**
 * The embedded PostgreSQL (PGlite over the wire) as its own process, so the demo can stop
 * and start it like a real server:
 *
 *   node dist/standins/embedded-postgres-main.js --port N [--detach]
 *
 * With --detach it starts a detached copy of itself, waits until the port accepts
 * connections, and exits 0: a command that "starts the database", as `up -d db` does.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1]);

async function main(): Promise<number> {
  if (!Number.isInteger(port) || port <= 0) {
    console.error('usage: embedded-postgres-main.js --port N [--detach]');
    return 2;
  }
  if (args.includes('--detach')) {
    const child = spawn(process.execPath, [process.argv[1]!, '--port', String(port)], { detached: true, stdio: 'ignore' });
    child.unref();
    for (let waited = 0; waited < 30_000; waited += 200) {
      if (await accepts(port)) {
        console.log(`embedded PostgreSQL ready on 127.0.0.1:${port} (pid ${child.pid})`);
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.error('embedded PostgreSQL did not start within 30 s');
    return 1;
  }
  const server = await startEmbeddedPostgres({ port });
  console.log(`embedded PostgreSQL ready on 127.0.0.1:${server.port}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGHUP', resolve);
  });
  await server.stop();
  return 0;
}

function accepts(target: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(target, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

process.exitCode = await main();
