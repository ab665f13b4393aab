import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopProcess } from '../../source/io/processes.js';

/** A process that holds a port and ignores SIGTERM, as a hung backend does. */
async function stubbornListener(): Promise<{ pid: number; port: number }> {
  const script = "process.on('SIGTERM',()=>{});const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))";
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { pid: child.pid!, port: Number(String(chunk).trim()) };
}

describe('stopProcess', () => {
  it('sends SIGKILL when SIGTERM is ignored past the grace period', async () => {
    const held = await stubbornListener();
    const result = await stopProcess(held.pid, held.port, { graceMs: 300 });
    expect(result).toMatchObject({ stopped: true, signal: 'SIGKILL' });
  });

  it('stops on SIGTERM when the process honours it', async () => {
    const child = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    const result = await stopProcess(child.pid!, Number(String(chunk).trim()), { graceMs: 3000 });
    expect(result).toMatchObject({ stopped: true, signal: 'SIGTERM' });
  });
});
