import { readFileSync } from 'node:fs';

/** Lantern's version, from package.json (one level above both server/src and dist). */
export const VERSION: string = readVersion();

function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
      if (
        parsed &&
        typeof parsed === 'object' &&
        'name' in parsed &&
        parsed.name === 'lantern-ls' &&
        'version' in parsed
      ) {
        return String(parsed.version);
      }
    } catch {
      // not this level; try the next
    }
  }
  return '0.0.0';
}
