import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, it } from 'vitest';
import { cleanUp, hasProgram, missingEditor, STEP_DEADLINE_MS, tempDir } from './editor-harness.js';
import { TmuxScreen } from './tmux-screen.js';

/**
 * A menu like an editor's code-action menu under load: each key is handled a while after it arrives
 * (a busy editor), and a line above the menu keeps changing meanwhile (a spinner, diagnostics arriving
 * after a save). Enter prints which item was chosen.
 */
const BUSY_MENU = `
const items = ['Explain total', 'Explain total again', 'Rewrite docstring of total', 'Review total', 'Generate tests for total'];
let selected = 0;
let chosen = '';
let ticks = 0;
const render = () => {
  let out = '\\x1b[H\\x1b[2J' + 'busy ' + ticks++ + '\\r\\n';
  items.forEach((item, index) => {
    out += (index === selected ? '\\x1b[7m' : '') + ' ' + item + '\\x1b[0m\\r\\n';
  });
  if (chosen) out += 'chosen: ' + chosen + '\\r\\n';
  process.stdout.write(out);
};
process.stdin.setRawMode(true);
let handled = Promise.resolve();
process.stdin.on('data', (data) => {
  handled = handled
    .then(() => new Promise((resolve) => setTimeout(resolve, 250)))
    .then(() => {
      for (const key of data.toString().split(/(?=\\x1b\\[B)|(?=\\r)/)) {
        if (key === '\\x1b[B') selected = (selected + 1) % items.length;
        else if (key === '\\r') chosen = items[selected];
      }
      render();
    });
});
setInterval(render, 40);
render();
`;

const TITLE = 'TmuxScreen (tmux)';
const unavailable = hasProgram('tmux') ? undefined : 'tmux is not installed (apt-get install tmux)';
if (unavailable) missingEditor(TITLE, unavailable);

describe.skipIf(unavailable !== undefined)(TITLE, () => {
  let screen: TmuxScreen | undefined;
  afterEach(() => screen?.kill());
  afterAll(() => cleanUp());

  it('selects the menu item asked for while other parts of the screen keep changing', async () => {
    const dir = tempDir('lantern-busy-menu-');
    writeFileSync(join(dir, 'menu.cjs'), BUSY_MENU);
    screen = TmuxScreen.start(`${process.execPath} menu.cjs`, { env: process.env, cwd: dir });
    await screen.waitFor('the menu', (text) => text.includes('Review total'), STEP_DEADLINE_MS);
    await screen.selectMenuItem('Review total', STEP_DEADLINE_MS);
    screen.keys('Enter');
    // The item run is the one selected: no Down was still on its way when Enter went in.
    await screen.waitFor('the choice', (text) => /^chosen: /m.test(text), STEP_DEADLINE_MS);
    await screen.waitFor('Review total chosen', (text) => text.includes('chosen: Review total\n'), 1000);
  });
});
