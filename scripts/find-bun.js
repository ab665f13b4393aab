#!/usr/bin/env node
// Prints the path of a working Bun binary, or exits 1 saying why none was found.
// Usage: node scripts/find-bun.js [--verbose]   (see find-bun-lib.js for the search order)
import { findBun } from './find-bun-lib.js';

const result = findBun();
if (result.found) {
  if (process.argv.includes('--verbose')) console.error(`bun ${result.version} from ${result.source}`);
  console.log(result.path);
} else {
  console.error(`find-bun: ${result.reason}`);
  process.exitCode = 1;
}
