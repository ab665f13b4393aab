import { existsSync } from 'node:fs';
import { readProjectFile } from './read-file.js';

export interface DockerfileArg {
  path: string;
  exists: boolean;
  /** Default value of the ARG, undefined when the ARG is absent or has no default. */
  value?: string;
  line?: number;
}

const ARG = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?\s*$/i;

export function readDockerfileArg(path: string, name: string, root: string): DockerfileArg {
  if (!existsSync(path)) return { path, exists: false };
  const rows = readProjectFile(path, root).split(/\r?\n/);
  for (const [index, row] of rows.entries()) {
    const match = ARG.exec(row);
    if (match && match[1] === name) {
      return { path, exists: true, value: unquote(match[2]?.trim() ?? ''), line: index + 1 };
    }
  }
  return { path, exists: true };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}
