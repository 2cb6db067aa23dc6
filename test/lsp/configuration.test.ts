import { describe, expect, it } from 'vitest';
import { type Message, Message as Messages, type RequestMessage } from 'vscode-jsonrpc/node';
import { FULL_CAPABILITIES } from '../support/lsp-session.js';
import {
  hoverText,
  modelSessionsPerTest,
  openSample,
  SAMPLE_URI,
  shownMessages,
  TOTAL_HEADER,
} from '../support/model-session.js';

const ANSWER = 'Adds up every price and returns the sum.';
/** A client that answers `workspace/configuration` (pull), as VS Code, Neovim and eglot do. */
const PULLING_CLIENT = {
  ...FULL_CAPABILITIES,
  workspace: { ...FULL_CAPABILITIES.workspace, configuration: true },
};

const isConfigurationRequest = (msg: Message): msg is RequestMessage =>
  Messages.isRequest(msg) && msg.method === 'workspace/configuration';

describe('workspace settings, pulled again on didChangeConfiguration', () => {
  const model = modelSessionsPerTest('anthropic');

  it('a changed answer takes effect (hover.explain off: no model call); an invalid value is a warning naming its key', async () => {
    model.fake.script({ kind: 'text', text: ANSWER });
    const { session } = await model.start({
      client: { capabilities: PULLING_CLIENT, workspaceConfiguration: { hover: { explain: 'always' } } },
      traceName: 'configuration-repull',
    });
    const firstPull = await session.waitForMessage(isConfigurationRequest);
    expect(firstPull).toMatchObject({ params: { items: [{ section: 'lantern' }] } });
    const { total, average } = await openSample(session);
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER);
    expect(model.fake.requests).toHaveLength(1);

    session.workspaceConfiguration = { hover: { explain: 'off', timeoutMs: 'soon' } };
    const warned = session.waitForNotification<{ type: number; message: string }>('window/showMessage');
    // Pull clients send no settings with the notification: the server has to ask.
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const secondPull = await session.waitForMessage(
      (msg) => isConfigurationRequest(msg) && msg.id !== (firstPull as RequestMessage).id,
    );
    expect(secondPull).toMatchObject({ params: { items: [{ section: 'lantern' }] } });
    // The warning comes from applying the new answer, so once it is here the new settings are current.
    const warning = await warned;
    expect(warning.type).toBe(2); // MessageType.Warning
    expect(warning.message).toContain('setting `hover.timeoutMs` is invalid');
    expect(warning.message).toContain('default');

    const structural = await hoverText(session, SAMPLE_URI, average);
    expect(structural).toContain('*function* **average**');
    expect(structural).not.toContain('---');
    expect(model.fake.requests).toHaveLength(1);
    // Off means off, even for an explanation already cached.
    const cachedButOff = await hoverText(session, SAMPLE_URI, total);
    expect(cachedButOff).toContain(TOTAL_HEADER);
    expect(cachedButOff).not.toContain(ANSWER);
    expect(model.fake.requests).toHaveLength(1);
    expect(shownMessages(session)).toHaveLength(1);
  });
});
