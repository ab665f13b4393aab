const ARG = /^(\s*ARG\s+)([A-Za-z_][A-Za-z0-9_]*)(=)(["']?)(.*?)(\4)(\s*)$/i;

/** Guide §3 paso 4: the default of `ARG NAME=…`, changed on its own line (quotes kept). */
export function setDockerfileArg(text: string, name: string, value: string): string {
  let found = false;
  const lines = text.split('\n').map((line) => {
    const match = ARG.exec(line);
    if (!match || match[2] !== name) return line;
    found = true;
    return `${match[1]}${name}=${match[4]}${value}${match[4]}${match[7]}`;
  });
  if (!found) throw new Error(`no ARG ${name}= line`);
  return lines.join('\n');
}
