import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readSmallFileSync } from './regular-file.js';

const MAX_CONFIG_BYTES = 1_000_000;

/** The path mapping of a tsconfig.json: `baseUrl` and `paths` ("@/*": ["src/*"]). */
export interface PathMapping {
  readonly baseUrl: string;
  readonly paths: Readonly<Record<string, readonly string[]>>;
}

/**
 * The mapping of the nearest tsconfig.json (or jsconfig.json) above `fromDir`, up to `stopAt`.
 * tsconfig is JSON with comments and trailing commas; an unreadable one counts as none.
 */
export function nearestPathMapping(fromDir: string, stopAt: string | undefined): PathMapping | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = join(dir, name);
      if (existsSync(file)) return readMapping(file);
    }
    if (dir === stopAt || dirname(dir) === dir) return undefined;
  }
}

/** Candidate paths (without extension resolution) that a bare specifier maps to. */
export function mapSpecifier(mapping: PathMapping, specifier: string): string[] {
  const candidates: string[] = [];
  for (const [pattern, targets] of Object.entries(mapping.paths)) {
    const star = pattern.indexOf('*');
    let captured: string | undefined;
    if (star === -1) {
      if (pattern === specifier) captured = '';
    } else {
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (
        specifier.startsWith(prefix) &&
        specifier.endsWith(suffix) &&
        specifier.length >= prefix.length + suffix.length
      ) {
        captured = specifier.slice(prefix.length, specifier.length - suffix.length);
      }
    }
    if (captured === undefined) continue;
    for (const target of targets) candidates.push(resolve(mapping.baseUrl, target.replace('*', captured)));
  }
  return candidates;
}

function readMapping(file: string): PathMapping | undefined {
  try {
    // Never readFileSync: a FIFO in its place (a hostile checkout) would block the server for good.
    const text = readSmallFileSync(file, MAX_CONFIG_BYTES);
    if (text === undefined) return undefined;
    const parsed = JSON.parse(stripJsonComments(text)) as {
      compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
    };
    const options = parsed.compilerOptions ?? {};
    const baseUrl = resolve(dirname(file), options.baseUrl ?? '.');
    return { baseUrl, paths: options.paths ?? {} };
  } catch {
    return undefined;
  }
}

/** Removes line and block comments (outside strings) and trailing commas. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const next = text[i + 1];
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && next === '*') {
      i = text.indexOf('*/', i + 2);
      if (i === -1) break;
      i++;
    } else {
      out += char;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
