import { describe, expect, it } from 'vitest';
import { answerAfterChange, fakeModelSessions, nextWarning } from '../support/fix-fixtures.js';
import { executeCommand, generateAnswer, generateFixture, marker } from '../support/generate-fixtures.js';
import { FULL_CAPABILITIES } from '../support/lsp-session.js';

const py = generateFixture('cart.py');
/** The indented blank line inside `receipt`'s body. */
const IN_RECEIPT = { uri: py.uri, position: marker(py, 1), instruction: 'add a line per item' };

/** Generated code that is not inserted: nothing is sent to the editor, and the user is told why. */
describe('lantern.generate refusing an answer', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);

  async function start(traceName: string) {
    const started = await sessions.start(traceName);
    await started.session.open(py.uri, py.languageId, py.text);
    return started;
  }

  it('Python that does not parse (a `for` without its colon)', async () => {
    const code = 'for item in cart.items\n    lines.append(item.name)';
    sessions.fake.script({ kind: 'text', text: generateAnswer('Add lines.', ['Loop.'], 'python', code) });
    const { session, applyEdits } = await start('generate-refused-python');
    const reason =
      'Lantern did not insert the code: the change would break the syntax (unexpected `for item in cart.items` in block at line 22).';
    expect(await executeCommand(session, 'lantern.generate', IN_RECEIPT)).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('an answer for a document that changed while the model was writing it', async () => {
    const code = 'for item in cart.items:\n    lines.append(item.name)';
    const held = answerAfterChange(sessions.fake, generateAnswer('Add lines.', ['Loop.'], 'python', code));
    const { session, applyEdits } = await start('generate-refused-changed');
    const running = executeCommand(session, 'lantern.generate', IN_RECEIPT);
    await held.changeThenAnswer(session, py.uri);
    const reason =
      'Lantern did not insert the code: the document changed while it was being written; ask again.';
    expect(await running).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
  });
});
