import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  /** Undefined when the output is no terminal (a test's stream): then nothing is cut to fit. */
  rows?: number;
}

const read = (stdout: NodeJS.WriteStream): TerminalSize => ({ columns: stdout.columns || 80, ...(stdout.rows ? { rows: stdout.rows } : {}) });

/** The terminal's size, and a new render whenever it is resized. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const resized = () => setSize((before) => {
      const now = read(stdout);
      return now.columns === before.columns && now.rows === before.rows ? before : now;
    });
    resized();
    stdout.on('resize', resized);
    return () => {
      stdout.off('resize', resized);
    };
  }, [stdout]);
  return size;
}
