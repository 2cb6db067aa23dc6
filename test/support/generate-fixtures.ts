import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CancellationToken, Message } from 'vscode-jsonrpc/node';
import type {
  ProgressToken,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
} from 'vscode-languageserver-protocol';
import { cursors, type Position, positionAt } from './cursor.js';
import type { LspSession } from './lsp-session.js';
import { FIXTURES_DIR } from './paths.js';

/** A fixture of test/fixtures/generate/, its `<|>` markers removed, as a document to open. */
export interface MarkedFixture {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
  /** The markers' positions, in the order they appear. */
  readonly positions: readonly Position[];
}

export function generateFixture(name: string): MarkedFixture {
  const { text, positions } = cursors(readFileSync(join(FIXTURES_DIR, 'generate', name), 'utf8'));
  return {
    uri: `file:///work/generate/${name}`,
    languageId: name.endsWith('.py') ? 'python' : 'typescript',
    text,
    positions,
  };
}

/** The `index`-th marker of a fixture (throws when there is none, so a fixture edit fails loudly). */
export function marker(fixture: MarkedFixture, index: number): Position {
  const position = fixture.positions[index];
  if (!position) throw new Error(`${fixture.uri} has no marker #${index}`);
  return position;
}

/** The position of the first occurrence of `needle` in a fixture. */
export function positionOf(fixture: MarkedFixture, needle: string): Position {
  const offset = fixture.text.indexOf(needle);
  if (offset === -1) throw new Error(`${needle} is not in ${fixture.uri}`);
  return positionAt(fixture.text, offset);
}

/**
 * A generate answer in the shape the prompt asks for: a requirement sentence, a short plan, then the
 * code in one fenced block (written as given: at column 0, or indented wrongly on purpose).
 */
export function generateAnswer(requirement: string, plan: readonly string[], fence: string, code: string) {
  const steps = plan.map((step) => `- ${step}`).join('\n');
  return `**Requirement:** ${requirement}\n\n**Plan:**\n${steps}\n\n\`\`\`${fence}\n${code}\n\`\`\`\n`;
}

/** `text` with the single occurrence of `needle` replaced (throws unless there is exactly one). */
export function replaceOnce(text: string, needle: string, replacement: string): string {
  const at = text.indexOf(needle);
  if (at === -1 || text.indexOf(needle, at + 1) !== -1)
    throw new Error(`expected exactly one ${JSON.stringify(needle)} in the text`);
  return text.slice(0, at) + replacement + text.slice(at + needle.length);
}

/** Runs `workspace/executeCommand` as an editor does, optionally with a token to cancel it by. */
export function executeCommand<R = unknown>(
  session: LspSession,
  command: string,
  args: unknown,
  token?: CancellationToken,
): Promise<R> {
  const params = { command, arguments: [args] };
  return (
    token
      ? session.connection.sendRequest('workspace/executeCommand', params, token)
      : session.connection.sendRequest('workspace/executeCommand', params)
  ) as Promise<R>;
}

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** A progress the server created, and every value it reported for it so far, in order of arrival. */
export interface ServerProgress {
  readonly token: ProgressToken;
  /** Index of the window/workDoneProgress/create request among all messages the server sent. */
  readonly createdAt: number;
  readonly values: { readonly at: number; readonly value: ProgressValue }[];
}

/** The params of a server message of `method` (a request or notification), if it is one. */
function paramsOf<P>(message: Message, method: string): P | undefined {
  return 'method' in message && message.method === method ? (message as { params?: P }).params : undefined;
}

type ProgressParams = { readonly token: ProgressToken; readonly value: ProgressValue };

/** The progresses the server created with window/workDoneProgress/create, with their $/progress values. */
export function serverProgresses(session: LspSession): ServerProgress[] {
  const progresses: ServerProgress[] = [];
  session.received.forEach((message, at) => {
    const created = paramsOf<{ token: ProgressToken }>(message, 'window/workDoneProgress/create');
    if (created) progresses.push({ token: created.token, createdAt: at, values: [] });
    const reported = paramsOf<ProgressParams>(message, '$/progress');
    if (reported) {
      progresses
        .find((progress) => progress.token === reported.token)
        ?.values.push({ at, value: reported.value });
    }
  });
  return progresses;
}

/**
 * Resolves once the server has sent a `$/progress` of `kind` (begin, report, end), with its token.
 * vscode-jsonrpc hands `$/progress` to progress handlers, not to the session's notification log, so
 * this watches the raw messages.
 */
export async function progressSent(session: LspSession, kind: ProgressValue['kind']): Promise<ProgressToken> {
  const message = await session.waitForMessage(
    (msg) => paramsOf<ProgressParams>(msg, '$/progress')?.value.kind === kind,
  );
  const params = paramsOf<ProgressParams>(message, '$/progress');
  if (!params) throw new Error('unreachable: the message matched as a $/progress');
  return params.token;
}
