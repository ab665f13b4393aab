#!/usr/bin/env node
// Makes a server reachable on another port, as a stand-in for "starting" it:
//   node tcp-forward.mjs --listen PORT --to HOST:PORT --detach
// With --detach it starts a detached copy of itself, waits until PORT accepts connections and
// exits 0, as `systemctl start postgresql` or `docker compose up -d db` return once it runs.
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const port = Number(arg('--listen'));
const [host, target] = arg('--to').split(':');

if (process.argv.includes('--detach')) {
  const child = spawn(process.execPath, [process.argv[1], '--listen', String(port), '--to', `${host}:${target}`], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  child.stdout.once('data', () => {
    console.log(`forwarding 127.0.0.1:${port} to ${host}:${target} (pid ${child.pid})`);
    child.stdout.destroy(); // it says nothing more; nothing of this process's stdio is left with it
    child.unref();
    process.exit(0);
  });
  child.once('exit', (code) => process.exit(code || 1));
} else {
  createServer((socket) => {
    const upstream = connect(Number(target), host);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  }).listen(port, '127.0.0.1', () => console.log('listening'));
}
