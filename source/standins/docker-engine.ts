import { createServer, type Server } from 'node:http';

export interface StandInContainer {
  id: string;
  service: string;
  project: string;
  state: 'running' | 'exited' | 'created';
  /** Host ports it publishes (container port 3000 behind each). */
  ports?: number[];
  logs?: ['stdout' | 'stderr', string][];
}

/**
 * A stand-in for the Docker Engine, for the demo and the tests (no engine runs there): an
 * HTTP server on a unix socket that answers the documented Engine API endpoints dockerode
 * calls — GET /_ping, GET /containers/json (`all`, `label` filters; `Ports`), GET
 * /containers/{id}/json, POST /containers/{id}/start and GET /containers/{id}/logs
 * (multiplexed frames) — with the documented shapes. `containers` may change while it runs.
 */
export async function startEngineStandIn(socketPath: string, containers: StandInContainer[], requests: string[] = []): Promise<Server> {
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://docker');
    const path = url.pathname.replace(/^\/v[\d.]+/, '');
    if (path === '/_ping') return res.writeHead(200, { 'content-type': 'text/plain', 'api-version': '1.45' }).end('OK');
    if (path === '/containers/json') {
      const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { label?: string[] };
      const all = url.searchParams.get('all') === 'true' || url.searchParams.get('all') === '1';
      const listed = containers
        .filter((c) => all || c.state === 'running')
        .filter((c) => (filters.label ?? []).every((label) => labelsOf(c)[label.split('=')[0]!] === label.split('=')[1]))
        .map((c) => ({
          Id: c.id,
          Names: [`/${c.project}-${c.service}-1`],
          Image: `${c.service}:latest`,
          State: c.state,
          Status: c.state === 'running' ? 'Up 5 minutes' : 'Exited (0) 1 minute ago',
          Labels: labelsOf(c),
          Ports: c.state === 'running' ? (c.ports ?? []).map((port) => ({ IP: '0.0.0.0', PrivatePort: 3000, PublicPort: port, Type: 'tcp' })) : [],
        }));
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listed));
    }
    const container = /^\/containers\/([^/]+)\/(json|start|logs)$/.exec(path);
    const found = container ? containers.find((c) => c.id === container[1]) : undefined;
    if (container && !found) return res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `No such container: ${container[1]}` }));
    if (container?.[2] === 'json') {
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        Id: found!.id,
        Name: `/${found!.project}-${found!.service}-1`,
        State: { Status: found!.state, Running: found!.state === 'running', ExitCode: found!.state === 'exited' ? 1 : 0 },
        Config: { Labels: labelsOf(found!) },
      }));
    }
    if (container?.[2] === 'start' && req.method === 'POST') {
      if (found!.state === 'running') return res.writeHead(304).end();
      found!.state = 'running';
      return res.writeHead(204).end();
    }
    if (container?.[2] === 'logs') {
      // Non-TTY containers: 8-byte frames (stream, 0, 0, 0, big-endian size) then the payload.
      const frames = (found!.logs ?? []).map(([stream, text]) => {
        const payload = Buffer.from(`${text}\n`);
        const header = Buffer.alloc(8);
        header[0] = stream === 'stderr' ? 2 : 1;
        header.writeUInt32BE(payload.length, 4);
        return Buffer.concat([header, payload]);
      });
      return res.writeHead(200, { 'content-type': 'application/vnd.docker.multiplexed-stream' }).end(Buffer.concat(frames));
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `page not found: ${path}` }));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return server;
}

function labelsOf(c: StandInContainer): Record<string, string> {
  return { 'com.docker.compose.project': c.project, 'com.docker.compose.service': c.service };
}
