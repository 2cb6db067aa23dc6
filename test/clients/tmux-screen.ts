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
   * wait for the screen to redraw, until it is there; throws if it never gets there.
   */
  async selectMenuItem(title: string, deadlineMs: number, maxMoves = 30): Promise<void> {
    const selected = new RegExp(`\\x1b\\[7m(?:\\x1b\\[[\\d;]*m)*\\s*${escapeRegExp(title)}`);
    const styled = () => this.#tmux(['capture-pane', '-p', '-e', '-t', 'main']);
    for (let moves = 0; moves <= maxMoves; moves++) {
      const before = styled();
      if (before.split('\n').some((row) => selected.test(row))) return;
      this.keys('Down');
      await this.#until(`the menu to move past '${title}'`, () => styled() !== before, deadlineMs);
    }
    throw new Error(`the menu never selected '${title}'; the screen:\n${this.screen()}`);
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
