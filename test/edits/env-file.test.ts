import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { removeEnvKey, setEnvValue } from '../../source/edits/env-file.js';

// What dotenv reads before and after each edit is the judge: an edit changes one key's value.
const PEM = 'JWT_PUBLIC_KEY="-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\nFRONTEND_URL=http://inside-the-key\n-----END PUBLIC KEY-----"';

describe('setEnvValue', () => {
  it('changes the line in place, keeping export, the quote style and a trailing comment', () => {
    const text = '# api\nexport FRONTEND_URL="http://localhost:4000"\nPORT=3000 # the API\n';
    expect(setEnvValue(text, 'FRONTEND_URL', 'http://localhost:5173')).toBe('# api\nexport FRONTEND_URL="http://localhost:5173"\nPORT=3000 # the API\n');
    expect(setEnvValue(text, 'PORT', '4000')).toBe('# api\nexport FRONTEND_URL="http://localhost:4000"\nPORT=4000 # the API\n');
    // dotenv also reads `KEY: value` and spaces around `=`: the line is edited, not a second one added.
    expect(setEnvValue('FRONTEND_URL: http://localhost:4000\nPORT = 3000\n', 'FRONTEND_URL', 'http://localhost:5173')).toBe('FRONTEND_URL: http://localhost:5173\nPORT = 3000\n');
    expect(setEnvValue('FRONTEND_URL: http://localhost:4000\nPORT = 3000\n', 'PORT', '4000')).toBe('FRONTEND_URL: http://localhost:4000\nPORT = 4000\n');
  });

  it('never edits a line inside another key\'s multi-line value, and adds the key after it', () => {
    const text = `${PEM}\nPORT=3000\n`;
    const edited = setEnvValue(text, 'FRONTEND_URL', 'http://localhost:5173');
    expect(edited.startsWith(`${PEM}\nPORT=3000\n`)).toBe(true);
    expect(parse(edited)).toEqual({ ...parse(text), FRONTEND_URL: 'http://localhost:5173' });
  });

  it('replaces a multi-line value whole: no half of the old value is left behind', () => {
    const text = `PORT=3000\n${PEM}\nFRONTEND_URL=http://localhost:5173\n`;
    const edited = setEnvValue(text, 'JWT_PUBLIC_KEY', 'short');
    expect(edited).toBe('PORT=3000\nJWT_PUBLIC_KEY="short"\nFRONTEND_URL=http://localhost:5173\n');
    expect(parse(edited)).toEqual({ PORT: '3000', JWT_PUBLIC_KEY: 'short', FRONTEND_URL: 'http://localhost:5173' });
  });

  it('keeps CRLF line endings, and reads a quote never closed as a one-line value (as dotenv does)', () => {
    expect(setEnvValue('A=1\r\nB=2\r\n', 'B', '3')).toBe('A=1\r\nB=3\r\n');
    expect(setEnvValue('C=1\r\n', 'D', '2')).toBe('C=1\r\nD=2\r\n');
    const open = 'BROKEN="never closed\nPORT=3000\n';
    expect(setEnvValue(open, 'PORT', '4000')).toBe('BROKEN="never closed\nPORT=4000\n');
  });
});

describe('removeEnvKey', () => {
  it('drops the whole entry, a multi-line value with it, and nothing else', () => {
    const text = `PORT=3000\n${PEM}\n# kept\nFRONTEND_URL=http://localhost:5173\n`;
    const removed = removeEnvKey(text, 'JWT_PUBLIC_KEY');
    expect(removed).toBe('PORT=3000\n# kept\nFRONTEND_URL=http://localhost:5173\n');
    expect(removeEnvKey(text, 'FRONTEND_URL')).toBe(`PORT=3000\n${PEM}\n# kept\n`);
  });
});
