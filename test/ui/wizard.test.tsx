import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../source/i18n/en.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { acceptEveryScreen, DOWN, ENTER, renderWizard } from '../helpers/wizard.js';

const database = freshDatabasePerTest();

const EN = { next: 'Press enter to continue.', question: '? ' };
const ES = { next: 'Presiona enter para continuar.', question: '? ' };

describe('the wizard, driven by keystrokes', () => {
  it('walks Bun → Elixir and then Elixir → Bun, every screen in order, and leaves the files and reports behind', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');

    const first = await renderWizard(repo.root);
    await first.waitFor(() => first.frame().includes('Active now: bun.'), 'the direction screen');
    expect(first.frame()).toContain('Step 1 of 11 · Direction and mode');
    expect(first.frame()).toMatch(/❯ Bun → Elixir\/Phoenix/); // the other backend is preselected
    first.press(ENTER);
    const headers = await acceptEveryScreen(first, EN);
    expect(headers).toEqual([
      'Step 2 of 11 · Pre-flight checklist', // the downtime question
      'Step 2 of 11 · Pre-flight checklist', // backed up
      'Step 3 of 11 · Install the dependencies',
      "Step 4 of 11 · The new backend's tests", // run them?
      "Step 4 of 11 · The new backend's tests", // passed
      'Step 5 of 11 · Stop the old backend',
      'Step 5 of 11 · Stop the old backend',
      'Step 6 of 11 · Verify the database',
      'Step 7 of 11 · Migrations and seeds',
      'Step 8 of 11 · Configure the frontend',
      'Step 8 of 11 · Configure the frontend',
      'Step 9 of 11 · Start the new backend',
      'Step 9 of 11 · Start the new backend',
      'Step 10 of 11 · Post-switch checklist', // webhooks?
      'Step 10 of 11 · Post-switch checklist', // logs?
      'Step 10 of 11 · Post-switch checklist', // team told?
      'Step 10 of 11 · Post-switch checklist',
      'Step 11 of 11 · Completion report',
    ]);
    const backedUp = REAL_POSTGRES ? 'database backed up to .backend-switch/backups/' : 'backup skipped: the database is an embedded PGlite';
    expect(first.frames.some((f) => f.includes(backedUp))).toBe(true);
    expect(first.frames.some((f) => f.includes(`+VITE_API_URL=${repo.apiUrl}`))).toBe(true); // the diff, shown before writing
    expect(first.frames.some((f) => f.includes('== Running 20240101120000'))).toBe(true); // streamed command output
    expect(first.frame()).toContain('switched · bun → elixir');
    expect(readFileSync(join(repo.root, 'apps/frontend/.env.local'), 'utf8')).toBe(`VITE_API_URL=${repo.apiUrl}\n`);
    expect(first.controller.state.report!.report.manual).toEqual([
      { item: 'webhook', answer: 'confirmed' },
      { item: 'testApplication', answer: 'not-applicable' }, // no frontend answers here
      { item: 'logs', answer: 'confirmed' },
      { item: 'tellTeam', answer: 'confirmed' },
    ]);
    first.press('q');
    await first.waitFor(() => first.exit() === 'done', 'exit');

    const back = await renderWizard(repo.root);
    await back.waitFor(() => back.frame().includes('Active now: elixir.'), 'the direction screen');
    expect(back.frame()).toMatch(/❯ Elixir\/Phoenix → Bun/);
    back.press(ENTER);
    await acceptEveryScreen(back, EN);
    expect(back.frame()).toContain('switched · elixir → bun');
    expect(back.controller.state.report!.report.steps.find((s) => s.id === 'migrate')!.detail).toContain('drizzle');
  });

  it('goes back a screen with b to read a finished step, and answers a question with the arrow keys', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const w = await renderWizard(repo.root);
    await w.waitFor(() => w.frame().includes('Active now: bun.'), 'the direction screen');
    w.press(ENTER);
    await w.waitFor(() => w.frame().includes('have you told the team'), 'the downtime question');
    w.press('1');
    await w.waitFor(() => w.controller.currentView?.phase === 'finished' && w.frame().includes('Press enter to continue.'), 'the pre-flight done');
    w.press(ENTER);
    await w.waitFor(() => w.frame().includes('Step 3 of 11') && w.frame().includes('Press enter to continue.'), 'the dependencies installed');
    w.press(ENTER);
    await w.waitFor(() => w.frame().includes('Run the tests now'), 'the tests question');
    w.press('2');
    await w.waitFor(() => w.frame().includes('Step 4 of 11') && w.frame().includes('Press enter to continue.'), 'the tests left for later');
    w.press(ENTER);
    await w.waitFor(() => w.frame().includes('Step 5 of 11') && w.frame().includes('Stop pid'), 'the stop question');
    w.press('b');
    await w.waitFor(() => w.frame().includes('Step 4 of 11'), 'the tests step again, as it finished');
    expect(w.frame()).toContain('Press enter to continue.');
    w.press(ENTER);
    await w.waitFor(() => w.frame().includes('Step 5 of 11') && w.frame().includes('Stop pid'), 'the stop question again');
    w.press(DOWN);
    w.press(DOWN);
    await w.waitFor(() => /❯ 2\. No/.test(w.frame()), 'No selected');
    w.press(ENTER);
    await w.waitFor(() => w.frame().includes('is still held'), 'the declined outcome');
    expect(w.frame()).toContain('Retry this step');
  });

  it('speaks Spanish on every screen with --lang es, and no catalog key reaches the screen', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const w = await renderWizard(repo.root, 'es');
    await w.waitFor(() => w.frame().includes('Activo ahora: bun.'), 'the direction screen');
    expect(w.frame()).toContain('Paso 1 de 11 · Dirección y modo');
    w.press(ENTER);
    const headers = await acceptEveryScreen(w, ES);
    expect(new Set(headers)).toEqual(new Set([
      'Paso 2 de 11 · Checklist previo',
      'Paso 3 de 11 · Instalar las dependencias',
      'Paso 4 de 11 · Tests del nuevo backend',
      'Paso 5 de 11 · Detener el backend anterior',
      'Paso 6 de 11 · Verificar la base de datos',
      'Paso 7 de 11 · Migraciones y seeds',
      'Paso 8 de 11 · Configurar el frontend',
      'Paso 9 de 11 · Iniciar el nuevo backend',
      'Paso 10 de 11 · Checklist posterior',
      'Paso 11 de 11 · Informe de finalización',
    ]));
    const keys = Object.keys(en);
    for (const frame of w.frames) {
      for (const key of keys) expect(frame, `raw key ${key}`).not.toContain(key);
      expect(frame).not.toMatch(/Press enter|Step \d of/);
    }
    expect(w.frame()).toContain('cambiado · bun → elixir');
  });
});
