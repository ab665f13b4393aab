/**
 * What a terminal of `rows` × `cols` shows after an output, and what the output did to it:
 * a small VT100 replay, enough for what Ink writes (text, CR/LF, cursor moves, erases).
 *
 * Ink's standard renderer erases its last frame before each new one: `eraseLines(n)` moves
 * the cursor up n − 1 rows, one for each line of the live frame (its `<Static>` lines above it are
 * never erased, so they do not count). Each run of upward moves is therefore the height of
 * the frame being redrawn; a frame taller than the terminal shows as a run that hits the top row
 * (the lines it should erase have scrolled away), and as ESC[2J ESC[3J, Ink's answer to it.
 */
export interface Replay {
  /** The rows on screen at the end, trailing spaces trimmed. */
  screen: string[];
  /** The height of every frame that was redrawn (its run of upward moves), in order. */
  redrawn: number[];
  /** ESC[2J (clear the screen) and ESC[3J (clear the scrollback) seen. */
  clearScreen: number;
  clearScrollback: number;
  /** Upward moves that would have gone past the top row: a redraw reaching for lines already gone. */
  pastTheTop: number;
  /** Lines that scrolled off the top into the scrollback. */
  scrolledOff: number;
}

export function replay(output: string, rows: number, cols: number): Replay {
  const blank = () => Array.from({ length: cols }, () => ' ');
  const grid = Array.from({ length: rows }, blank);
  let x = 0;
  let y = 0;
  let pendingWrap = false;
  let run = 0; // rows moved up since the last text
  const result: Replay = { screen: [], redrawn: [], clearScreen: 0, clearScrollback: 0, pastTheTop: 0, scrolledOff: 0 };
  const endRun = () => {
    if (run > 0) result.redrawn.push(run);
    run = 0;
  };
  const lineFeed = () => {
    pendingWrap = false;
    if (y === rows - 1) {
      grid.shift();
      grid.push(blank());
      result.scrolledOff += 1;
    } else y += 1;
  };
  const up = (n: number) => {
    if (y - n < 0) result.pastTheTop += 1;
    run += n;
    y = Math.max(0, y - n);
    pendingWrap = false;
  };
  const pattern = /\u001b\[([?>=]?)([0-9;]*)([A-Za-z@`~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-Za-z]|\u001b[78=>DEM]|([\s\S])/gu;
  for (const match of output.matchAll(pattern)) {
    const [whole, privateMark, params, final, char] = match;
    if (char !== undefined) {
      if (char === '\r') {
        x = 0;
        pendingWrap = false;
      } else if (char === '\n') {
        endRun();
        lineFeed();
      } else if (char === '\b') {
        x = Math.max(0, x - 1);
      } else if (char >= ' ') {
        endRun();
        if (pendingWrap) {
          x = 0;
          lineFeed();
        }
        grid[y]![x] = char;
        if (x === cols - 1) pendingWrap = true;
        else x += 1;
      }
      continue;
    }
    if (final === undefined || privateMark) continue; // OSC, charset, private modes (cursor, synchronized output)
    const numbers = (params ?? '').split(';').map((p) => (p === '' ? undefined : Number(p)));
    const n = numbers[0] ?? 1;
    switch (final) {
      case 'A':
        up(n);
        break;
      case 'F':
        up(n);
        x = 0;
        break;
      case 'B':
        y = Math.min(rows - 1, y + n);
        break;
      case 'E':
        endRun();
        y = Math.min(rows - 1, y + n);
        x = 0;
        break;
      case 'C':
        x = Math.min(cols - 1, x + n);
        break;
      case 'D':
        x = Math.max(0, x - n);
        break;
      case 'G':
        x = Math.min(cols - 1, n - 1);
        break;
      case 'H':
      case 'f':
        endRun();
        y = Math.min(rows - 1, (numbers[0] ?? 1) - 1);
        x = Math.min(cols - 1, (numbers[1] ?? 1) - 1);
        break;
      case 'J': {
        const mode = numbers[0] ?? 0;
        if (mode === 2) result.clearScreen += 1;
        if (mode === 3) result.clearScrollback += 1;
        if (mode === 0) for (let r = y; r < rows; r += 1) grid[r] = r === y ? [...grid[r]!.slice(0, x), ...blank().slice(x)] : blank();
        if (mode === 2) for (let r = 0; r < rows; r += 1) grid[r] = blank();
        break;
      }
      case 'K': {
        const mode = numbers[0] ?? 0;
        const line = grid[y]!;
        for (let c = mode === 0 ? x : 0; c < (mode === 1 ? x + 1 : cols); c += 1) line[c] = ' ';
        break;
      }
      default:
        void whole; // colours (m) and the rest change nothing a test reads
    }
    pendingWrap = final === 'm' ? pendingWrap : false;
  }
  result.screen = grid.map((line) => line.join('').trimEnd());
  return result;
}
