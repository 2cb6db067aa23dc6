import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './editor-harness.js';

const POLL_MS = 100;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A terminal program run inside its own tmux server (its own socket, so nothing else is touched):
 * keys go in with `send-keys`, the screen comes out with `capture-pane`. Waits poll the screen with a
 * deadline; the server is killed at the end.
 */
export class TmuxScreen {
  // A socket in a directory of our own, removed with it: nothing is left in tmux's shared directory.
  readonly #dir = tempDir('lantern-tmux-');
  readonly #socket = join(this.#dir, 'socket');

  private constructor() {}

  /** Starts `command` (a shell command line) in a `width`×`height` terminal. */
  static start(command: string, options: { env: NodeJS.ProcessEnv; cwd: string }): TmuxScreen {
    const screen = new TmuxScreen();
    screen.#tmux(
      ['new-session', '-d', '-s', 'main', '-x', '120', '-y', '40', '-c', options.cwd, command],
      options.env,
    );
    return screen;
  }

  /** Sends keys as tmux names them (`Space`, `Escape`, `Enter`, `Down`, or literal text). */
  keys(...keys: string[]): void {
    this.#tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** Sends text literally (no key-name lookup), e.g. a command line. */
  type(text: string): void {
    this.#tmux(['send-keys', '-t', 'main', '-l', text]);
  }

  /** The visible screen, one string per row. */
  screen(): string {
    return this.#tmux(['capture-pane', '-p', '-t', 'main']);
  }

  /** Polls the screen until `predicate` holds; throws with the last screen after `deadlineMs`. */
  async waitFor(what: string, predicate: (screen: string) => boolean, deadlineMs: number): Promise<string> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const screen = this.screen();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
      // The polling interval: the screen has no event to wait on.
      await new Promise<void>((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Moves a menu's selection (shown in reverse video) onto the item starting with `title`: Down, then
   * wait until the selection has moved, until it is there; throws if it never gets there. Only the
   * selection moving tells that a Down was handled: other parts of the screen change on their own (a
   * spinner, diagnostics arriving after a save), and a Down sent on such a change, while the last one
   * is still on its way, moves the selection past the item and Enter runs the next one.
   */
  async selectMenuItem(title: string, deadlineMs: number, maxMoves = 30): Promise<void> {
    const wanted = new RegExp(`^\\s*${escapeRegExp(title)}`);
    for (let moves = 0; moves <= maxMoves; moves++) {
      const before = this.#reversedRuns();
      if (before.some((run) => wanted.test(run))) return;
      this.keys('Down');
      await this.#until(
        `the menu's selection to move on from [${before.join(' | ')}]`,
        () => this.#reversedRuns().join('\n') !== before.join('\n'),
        deadlineMs,
      );
    }
    throw new Error(`the menu never selected '${title}'; the screen:\n${this.screen()}`);
  }

  /** The texts shown in reverse video, in screen order: a menu's selection (and the cursor's cell). */
  #reversedRuns(): string[] {
    return reversedRuns(this.#tmux(['capture-pane', '-p', '-e', '-t', 'main']));
  }

  async #until(what: string, predicate: () => boolean, deadlineMs: number): Promise<void> {
    await this.waitFor(what, () => predicate(), deadlineMs);
  }

  /** Kills this tmux server and the programs in it. */
  kill(): void {
    spawnSync('tmux', ['-S', this.#socket, 'kill-server'], { stdio: 'ignore' });
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #tmux(args: string[], env?: NodeJS.ProcessEnv): string {
    return execFileSync('tmux', ['-S', this.#socket, ...args], { encoding: 'utf8', ...(env ? { env } : {}) });
  }
}

// Select Graphic Rendition sequences (ESC [ codes m), which carry the attributes of what follows.
const ESC = String.fromCharCode(27);
const SGR_SPLIT = new RegExp(`(${ESC}\\[[\\d;]*m)`);
const SGR = new RegExp(`^${ESC}\\[([\\d;]*)m$`);

/** The runs of text in reverse video in a screen captured with its attributes (`capture-pane -e`). */
export function reversedRuns(styled: string): string[] {
  const runs: string[] = [];
  for (const row of styled.split('\n')) {
    let reversed = false;
    let run = '';
    const close = () => {
      if (reversed && run !== '') runs.push(run);
      run = '';
    };
    for (const part of row.split(SGR_SPLIT)) {
      const sgr = SGR.exec(part);
      if (!sgr) {
        if (reversed) run += part;
        continue;
      }
      const now = reverseAfter(reversed, (sgr[1] ?? '').split(';').map(Number));
      if (now !== reversed) {
        close();
        reversed = now;
      }
    }
    close();
  }
  return runs;
}

// Walks an SGR's codes: 7 turns reverse on, 0 (or none) and 27 off; 38/48 take a colour after them.
function reverseAfter(reversed: boolean, codes: number[]): boolean {
  let now = reversed;
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index];
    if (code === 38 || code === 48 || code === 58) index += codes[index + 1] === 5 ? 2 : 4;
    else if (code === 7) now = true;
    else if (code === 0 || code === 27) now = false;
  }
  return now;
}
