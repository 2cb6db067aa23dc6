import type { StatusResult } from '../../../server/src/lsp/protocol.js';

/** `lantern/status` as a short markdown page for "Lantern: Status". */
export function statusMarkdown(status: StatusResult, command: string): string {
  const provider =
    status.provider === 'offline'
      ? `offline — ${status.offlineReason ?? 'structural answers only'}`
      : `${status.provider} · \`${status.model ?? 'default model'}\` at ${status.endpoint ?? 'its default endpoint'}`;
  const rows: [string, string][] = [
    ['server', `lantern-ls ${status.version} (\`${command}\`)`],
    ['provider', provider],
    ['cache', `${status.cache.location} — ${status.cache.hits} hits, ${status.cache.misses} misses`],
    ['requests', `${status.requests} (${status.failures} failed)`],
    ['tokens', `${status.inputTokens} in, ${status.outputTokens} out`],
    ['open documents', String(status.openDocuments)],
    ['grammars loaded', status.grammarsLoaded.length > 0 ? status.grammarsLoaded.join(', ') : 'none yet'],
  ];
  return [
    '# Lantern status',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value.replaceAll('|', '\\|')} |`),
    '',
  ].join('\n');
}
