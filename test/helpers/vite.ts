import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { onClose } from './servers.js';

/**
 * The fixture frontend served by a real Vite dev server (the `vite` package) on a free port: a
 * page whose entry imports src/api.ts, the module that reads import.meta.env.VITE_API_URL.
 * `env` is set in the process environment while the server starts, as `VITE_API_URL=… npm run dev` would.
 */
export async function viteDevServer(root: string, env: Record<string, string> = {}): Promise<ViteDevServer> {
  const dir = join(root, 'apps/frontend');
  writeFileSync(join(dir, 'index.html'), '<!doctype html>\n<html><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>\n');
  writeFileSync(join(dir, 'src/main.ts'), "import { API_URL } from './api.ts';\ndocument.querySelector('#app')!.textContent = API_URL;\n");
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const server = await createServer({ root: dir, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  onClose(async () => {
    await server.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  return server;
}

export function originOf(server: ViteDevServer): string {
  return server.resolvedUrls!.local[0]!.replace(/\/$/, '');
}

