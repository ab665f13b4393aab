declare const __VERSION__: string;

/** The package's version: scripts/build.js defines __VERSION__ from package.json; unbundled runs say 0.0.0-dev. */
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
