import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import type { FileFacts } from '../facts/file-facts.js';
import { parseFacts } from './parse-facts.js';

export interface ParseRequest {
  readonly id: number;
  readonly path: string;
  readonly text: string;
}

export type ParseReply =
  | { readonly id: number; readonly facts: FileFacts | undefined }
  | { readonly id: number; readonly error: string };

/** Turns file texts into facts for the index crawl. */
export interface FactsParser {
  /** Where it parses, for the log: `worker thread` or `main thread`. */
  readonly where: string;
  /** The facts, or undefined when the file is not analysed; rejects only if parsing itself failed. */
  parse(path: string, text: string): Promise<FileFacts | undefined>;
  close(): Promise<void>;
}

/**
 * Parses on the calling thread, one file per turn of the event loop so requests get in between files.
 * A 28,000-line file still holds the thread for its whole parse (~0.3 s): the worker is preferred.
 */
export class InlineFactsParser implements FactsParser {
  readonly where = 'main thread';

  constructor(private readonly registry: GrammarRegistry) {}

  async parse(path: string, text: string): Promise<FileFacts | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return parseFacts(this.registry, path, text);
  }

  async close(): Promise<void> {}
}

/**
 * Parses in a worker thread, so the crawl never delays a hover or a keystroke: the main thread only
 * reads files and stores facts. The thread is started on first use and restarted if it dies; a file it
 * was parsing then is reported failed, not retried (it may be what killed it).
 */
export class WorkerFactsParser implements FactsParser {
  readonly where = 'worker thread';
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #pending = new Map<
    number,
    { resolve: (facts: FileFacts | undefined) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly script: URL) {}

  parse(path: string, text: string): Promise<FileFacts | undefined> {
    const worker = this.#started();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, path, text } satisfies ParseRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll(new Error('the index parser was closed'));
    await worker?.terminate();
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.script);
    // The crawl must not keep the process alive on its own (a server exits when its client goes).
    worker.unref();
    worker.on('message', (reply: ParseReply) => {
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.facts);
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#failAll(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the index parser thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}

/**
 * The worker's script beside this module: `index-worker.mjs` in the bundle (dist/bundle), or
 * `parse-worker.js` as tsc emits it (dist/workspace/index). Running from the TypeScript sources there
 * is none, and parsing stays on the main thread.
 */
export function createFactsParser(registry: GrammarRegistry): FactsParser {
  for (const name of ['./index-worker.mjs', './parse-worker.js']) {
    const script = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(script))) return new WorkerFactsParser(script);
  }
  return new InlineFactsParser(registry);
}
