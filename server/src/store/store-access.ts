import { GuardedAccess, type OpenedResource } from './guarded-access.js';
import type { OpenedStore } from './open-store.js';

type Keyv = OpenedStore['keyv'];

/** A keyv store opened, with its `error` event as the guarded access hears of problems. */
interface OpenedKeyv extends OpenedResource {
  readonly keyv: Keyv;
}

/**
 * One keyv store as the cache and the `ask` sessions use it (see GuardedAccess): opened on first use,
 * every operation bounded in time, every problem reported once per outage, a failure read as `undefined`.
 */
export class StoreAccess {
  readonly #access: GuardedAccess<OpenedKeyv>;

  constructor(
    open: () => Promise<OpenedStore>,
    location: string,
    /** What the store is to the user, for messages: "cache", "session store". */
    role: string,
    onProblem: (message: string) => void,
  ) {
    const openKeyv = async (): Promise<OpenedKeyv> => {
      const { keyv, location: where } = await open();
      return { keyv, location: where, onError: (listener) => keyv.on('error', listener) };
    };
    this.#access = new GuardedAccess(openKeyv, location, role, onProblem);
  }

  get location(): string {
    return this.#access.location;
  }

  get lastProblem(): string | undefined {
    return this.#access.lastProblem;
  }

  use<T>(operation: (store: Keyv) => Promise<T>): Promise<T | undefined> {
    return this.#access.use(({ keyv }) => operation(keyv));
  }

  /** Closes the store's connection, if it was opened (a process ends when its stores let go). */
  async close(): Promise<void> {
    await (await this.#access.opened())?.keyv.disconnect();
  }

  /** Whether the store answers `operation` now with no error reported on the way (readiness). */
  answers(operation: (store: Keyv) => Promise<unknown>): Promise<boolean> {
    return this.#access.answers(({ keyv }) => operation(keyv));
  }
}
