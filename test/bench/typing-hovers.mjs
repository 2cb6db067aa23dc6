/**
 * Section 7: what hovers cost in model requests while the user types. A replayed typing session on the
 * generated 5,000-line file, with a zero-latency fake model: words typed into units' bodies at a fast
 * typist's pace, a hover on the unit's name after every keystroke (as an editor that shows the
 * explanation at point does), a pause after each word. A hover the typing has moved past is worth no
 * request; one still current when the typing pauses is. The figure is model requests per 100 hovers,
 * next to the floor: pauses per 100 hovers (one request each). Runs alone: `node test/bench/typing-hovers.mjs`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { startFakeAnthropic } from './fake-anthropic.mjs';
import { generateTypeScript } from './generate-typescript.mjs';
import { REPO_ROOT, startServer } from './lsp-client.mjs';

const HOVERS = 500;
const WORD = ' // keep in step with'; // 21 keystrokes, then a pause
const KEYSTROKE_MS = 40; // 25 characters a second: fast typing
const PAUSE_MS = 600; // longer than hover.modelDelayMs: the last hover of a word stays current
const ANSWER = 'Bench explanation of a unit being edited.';

const dist = (path) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

/** Units whose first line ends with `{`, spread over the file: where to type, and where to hover. */
async function typingSpots(uri, text, count) {
  const { GrammarRegistry } = await dist('syntax/grammar-registry.js');
  const { SyntaxDocument } = await dist('syntax/syntax-document.js');
  const document = new SyntaxDocument(uri, 'typescript', 1, text, new GrammarRegistry());
  const lines = text.split('\n');
  const spots = document
    .units()
    .filter((unit) => ['function', 'method'].includes(unit.kind))
    .map((unit) => {
      const name = document.textDocument.positionAt(unit.nameStartIndex);
      return { name, line: name.line, end: lines[name.line]?.trimEnd().length ?? 0 };
    })
    .filter(({ line, end }) => lines[line]?.slice(0, end).endsWith('{'));
  const step = Math.max(1, Math.floor(spots.length / count));
  return spots.filter((_, index) => index % step === 0).slice(0, count);
}

export async function typingHovers() {
  const fake = await startFakeAnthropic(ANSWER);
  const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-bench-typing-'));
  const uri = 'file:///bench/typing-5000.ts';
  const text = generateTypeScript(5000);
  const words = Math.ceil(HOVERS / WORD.length);
  const spots = await typingSpots(uri, text, words);
  const { client } = await startServer({
    env: { ANTHROPIC_API_KEY: 'bench-key', ANTHROPIC_BASE_URL: fake.url, LANTERN_CACHE_DIR: cacheDir },
  });
  let hovers = 0;
  let explained = 0;
  let cancelled = 0;
  try {
    await client.open(uri, 'typescript', text);
    await client.settled(uri);
    for (const spot of spots) {
      const pending = [];
      for (let index = 0; index < WORD.length && hovers < HOVERS; index++, hovers++) {
        const at = { line: spot.line, character: spot.end + index };
        void client.change(uri, [{ range: { start: at, end: at }, text: WORD[index] }]);
        // Settled at once: a superseded hover is answered (cancelled) while the typing goes on.
        const hover = client.request('textDocument/hover', { textDocument: { uri }, position: spot.name });
        pending.push(
          hover.then(
            (value) => ({ value }),
            (error) => ({ error }),
          ),
        );
        await sleep(KEYSTROKE_MS);
      }
      for (const outcome of await Promise.all(pending)) {
        if (outcome.error) cancelled++;
        else if (JSON.stringify(outcome.value).includes(ANSWER)) explained++;
      }
      await sleep(PAUSE_MS);
    }
  } finally {
    await client.stop();
    await fake.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const per100 = (count) => ((count * 100) / hovers).toFixed(1);
  const pauses = spots.length;
  console.log(
    `\n7. model requests per 100 hovers during a replayed typing session (${hovers} hovers, ${pauses} words at ${KEYSTROKE_MS} ms a keystroke, a hover after each)`,
  );
  console.log(`  model requests: ${fake.requests.length} — ${per100(fake.requests.length)} per 100 hovers`);
  console.log(`  floor, one per pause in the typing: ${pauses} — ${per100(pauses)} per 100 hovers`);
  console.log(`  hovers answered with an explanation: ${explained}; cancelled as superseded: ${cancelled}`);
  return [
    {
      target: 'model requests per 100 hovers while typing ≤ pauses per 100 hovers',
      met: fake.requests.length <= pauses,
      figure: `${per100(fake.requests.length)} (floor ${per100(pauses)})`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const { target, met, figure } of await typingHovers())
    console.log(`  ${met ? 'met   ' : 'MISSED'}  ${target}: ${figure}`);
}
