/** Where plain progress goes: stdout, until a reader closes it. */
export interface Output {
  write(text: string): void;
}

/**
 * stdout that a closed reader (`switch --yes | head -1`: EPIPE) cannot break: output ends
 * quietly and the work goes on, its report saved as usual.
 */
export function safeStdout(stream: NodeJS.WriteStream = process.stdout): Output {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw error;
  });
  return {
    write(text) {
      if (closed || stream.destroyed) return;
      stream.write(text);
    },
  };
}
