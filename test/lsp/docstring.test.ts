import { describe, expect, it } from 'vitest';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { actionsAt, runCommand } from '../support/code-actions.js';
import { type FixSession, fakeModelSessions, fenced, nextWarning } from '../support/fix-fixtures.js';
import {
  executeCommand,
  generateFixture,
  type MarkedFixture,
  positionOf,
  replaceOnce,
} from '../support/generate-fixtures.js';
import { FULL_CAPABILITIES } from '../support/lsp-session.js';
import { promptOf } from '../support/model-session.js';

const pricingPy = generateFixture('pricing.py');
const ledgerPy = generateFixture('ledger.py');
const pricingTs = generateFixture('pricing.ts');

const APPLY_DISCOUNT_JSDOC = [
  '/**',
  ' * TODO: describe what `applyDiscount` does.',
  ' * @param price - TODO',
  ' * @param rate - TODO',
  ' * @returns TODO',
  ' */',
];

const SKELETONS = [
  {
    style: 'Google style in a Python file with no other convention',
    fixture: pricingPy,
    name: 'apply_discount',
    before: '    return price * (1 - rate)',
    doc: [
      '    """TODO: describe what `apply_discount` does.',
      '',
      '    Args:',
      '        price: TODO',
      '        rate: TODO',
      '',
      '    Returns:',
      '        TODO',
      '    """',
    ],
  },
  {
    style: 'reST in a Python file that already uses :param',
    fixture: ledgerPy,
    name: 'debit',
    before: '    return balance - amount',
    doc: [
      '    """TODO: describe what `debit` does.',
      '',
      '    :param balance: TODO',
      '    :param amount: TODO',
      '    :returns: TODO',
      '    """',
    ],
  },
  {
    style: 'JSDoc in TypeScript',
    fixture: pricingTs,
    name: 'applyDiscount',
    before: 'export function applyDiscount(',
    doc: APPLY_DISCOUNT_JSDOC,
  },
  {
    style: 'JSDoc for a TypeScript constructor: parameter properties by name, nothing returned',
    fixture: pricingTs,
    name: 'constructor',
    before: '  constructor(',
    doc: ['  /**', '   * TODO: describe what `constructor` does.', '   * @param prices - TODO', '   */'],
  },
];

const ONLINE = [
  {
    style: 'Google style, replacing the docstring there (quotes the model added anyway are dropped)',
    fixture: pricingPy,
    name: 'lookup',
    kind: 'method',
    action: 'Rewrite docstring of lookup',
    promptStyle: 'Google-style Python docstring',
    answer: fenced(
      'python',
      [
        '"""Return the price listed for a product.',
        '',
        'Args:',
        "    name: The product's name, as in the price book.",
        '',
        'Returns:',
        '    The price.',
        '',
        'Raises:',
        '    KeyError: If the book has no price for `name`.',
        '"""',
      ].join('\n'),
      'Here is the docstring:',
    ),
    expected: replaceOnce(
      pricingPy.text,
      '"""Return the price."""',
      [
        '"""Return the price listed for a product.',
        '',
        '        Args:',
        "            name: The product's name, as in the price book.",
        '',
        '        Returns:',
        '            The price.',
        '',
        '        Raises:',
        '            KeyError: If the book has no price for `name`.',
        '        """',
      ].join('\n'),
    ),
  },
  {
    style: 'reST, as the file already uses',
    fixture: ledgerPy,
    name: 'debit',
    kind: 'function',
    action: 'Add docstring to debit',
    promptStyle: 'reStructuredText Python docstring',
    answer: fenced(
      'rst',
      'Take `amount` from `balance`.\n\n:param balance: the balance before\n:param amount: what to take\n:returns: the balance after',
    ),
    expected: replaceOnce(
      ledgerPy.text,
      '    return balance - amount',
      [
        '    """Take `amount` from `balance`.',
        '',
        '    :param balance: the balance before',
        '    :param amount: what to take',
        '    :returns: the balance after',
        '    """',
        '    return balance - amount',
      ].join('\n'),
    ),
  },
  {
    style: 'JSDoc on an indented method',
    fixture: pricingTs,
    name: 'lookup',
    kind: 'method',
    action: 'Add docstring to lookup',
    promptStyle: 'JSDoc with @param and @returns',
    answer: fenced(
      'text',
      "The price of a product, or 0 when the book has none.\n@param name - The product's name.\n@returns The price.",
    ),
    expected: replaceOnce(
      pricingTs.text,
      '  lookup(',
      [
        '  /**',
        '   * The price of a product, or 0 when the book has none.',
        "   * @param name - The product's name.",
        '   * @returns The price.',
        '   */',
        '  lookup(',
      ].join('\n'),
    ),
  },
];

describe('lantern.generateDocstring and the docstring code actions', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);

  async function start(traceName: string, fixture: MarkedFixture, withModel: boolean): Promise<FixSession> {
    const started = await sessions.start(traceName, withModel);
    await started.session.open(fixture.uri, fixture.languageId, fixture.text);
    return started;
  }

  it.each(SKELETONS.map((one) => [one.style, one] as const))(
    'offline, an honest skeleton: %s',
    async (_style, one) => {
      const { fixture, name, before, doc } = one;
      const { session, applyEdits } = await start('docstring-skeleton', fixture, false);
      const result = await executeCommand(session, 'lantern.generateDocstring', {
        uri: fixture.uri,
        position: positionOf(fixture, name),
      });
      expect(result).toEqual({ applied: true, skeleton: true });
      const sent = await applyEdits.waitFor(1);
      expect(sent.label).toBe(`Lantern: docstring skeleton for ${name}`);
      expect(editsFor(sent.edit, fixture.uri).version).toBe(1);
      const expected = replaceOnce(fixture.text, before, `${doc.join('\n')}\n${before}`);
      expect(applyWorkspaceEdit(fixture.text, fixture.uri, sent.edit)).toBe(expected);
    },
  );

  it('offline, "Add docstring to <name>" is listed in a unit and runs the command', async () => {
    const { session, applyEdits } = await start('docstring-action-offline', pricingTs, false);
    const inBody = positionOf(pricingTs, 'price * (1 - rate)');
    const action = (await actionsAt(session, pricingTs.uri, inBody)).get('Add docstring to applyDiscount');
    expect(action?.kind).toBe('refactor.rewrite');
    expect(action?.command?.command).toBe('lantern.generateDocstring');
    expect(await runCommand(session, action)).toEqual({ applied: true, skeleton: true });
    const sent = await applyEdits.waitFor(1);
    expect(applyWorkspaceEdit(pricingTs.text, pricingTs.uri, sent.edit)).toBe(
      replaceOnce(
        pricingTs.text,
        'export function applyDiscount(',
        `${APPLY_DISCOUNT_JSDOC.join('\n')}\nexport function applyDiscount(`,
      ),
    );
  });

  it.each(ONLINE.map((one) => [one.style, one] as const))(
    'with a model, in the file’s style: %s',
    async (_style, one) => {
      const { fixture, name, kind, action: title, promptStyle, answer, expected } = one;
      sessions.fake.script({ kind: 'text', text: answer });
      const { session, applyEdits } = await start('docstring-online', fixture, true);
      const actions = await actionsAt(session, fixture.uri, positionOf(fixture, `${name}(`));
      expect(sessions.fake.requests).toHaveLength(0);
      expect(await runCommand(session, actions.get(title))).toEqual({ applied: true, skeleton: false });
      const sent = await applyEdits.waitFor(1);
      expect(sent.label).toBe(`Lantern: docstring for ${name}`);
      expect(applyWorkspaceEdit(fixture.text, fixture.uri, sent.edit)).toBe(expected);
      const { system, user } = promptOf(await sessions.fake.waitForRequests(1));
      expect(system).toContain(`prevailing style (${promptStyle})`);
      expect(user).toContain(`Document the ${kind} \`${name}\``);
    },
  );

  it('an answer with no code block adds nothing, and says why', async () => {
    sessions.fake.script({ kind: 'text', text: 'Returns the balance minus the amount.' });
    const { session, applyEdits } = await start('docstring-rejected', ledgerPy, true);
    const reason = 'Lantern did not add the docstring: the answer contains no fenced code block.';
    const result = await executeCommand(session, 'lantern.generateDocstring', {
      uri: ledgerPy.uri,
      position: positionOf(ledgerPy, 'debit'),
    });
    expect(result).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
  });
});
