import { createServer, type Server } from 'node:net';

/**
 * A Redis for machines without redis-server: as much RESP as ioredis (CLIENT SETINFO, the INFO
 * ready check) and the redis check (PING) use. It stores nothing; the sample app uses Redis for
 * its health answer only. It listens on 127.0.0.1:`port` inside the calling process.
 */
export function startRedisStandIn(port: number): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let command = respCommand(buffered); command; command = respCommand(buffered)) {
        buffered = buffered.slice(command.length);
        socket.write(answer(command.name));
        if (command.name === 'QUIT') socket.end();
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function answer(name: string): string {
  if (name === 'PING') return '+PONG\r\n';
  if (name === 'INFO') return bulk('# Server\r\nredis_version:7.2.0 (backend-switch demo stand-in)\r\nloading:0\r\n');
  if (['CLIENT', 'SELECT', 'QUIT'].includes(name)) return '+OK\r\n';
  return `-ERR unknown command '${name}'\r\n`;
}

const bulk = (text: string) => `$${Buffer.byteLength(text, 'latin1')}\r\n${text}\r\n`;

/** The first complete RESP command (an array of bulk strings) of `text`: its name and length. */
export function respCommand(text: string): { name: string; length: number } | undefined {
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header) return undefined;
  let offset = header[0].length;
  let name = '';
  for (let i = 0; i < Number(header[1]); i += 1) {
    const size = /^\$(\d+)\r\n/.exec(text.slice(offset));
    if (!size) return undefined;
    const start = offset + size[0].length;
    offset = start + Number(size[1]) + 2;
    if (text.length < offset) return undefined;
    if (i === 0) name = text.slice(start, start + Number(size[1])).toUpperCase();
  }
  return { name, length: offset };
}
