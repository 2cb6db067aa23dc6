// Bundles the compiled server and CLI (dist/, from tsc) into one file each, dist/bundle/*.mjs, which the
// bins run. Node spends most of a cold start resolving and loading modules (ESM resolution, the CommonJS
// export lexer, file stats): one file instead of ~300 takes spawn → initialize from ~200 ms to ~90 ms
// (test/bench/RESULTS.md). Native addons (tree-sitter and its grammars; libsql, the SQLite binding) and the
// packages loaded lazily on first use (the Anthropic SDK, keyv, the service's Fastify, pino and prom-client) stay
// outside, imported from node_modules — pino's transports also run in worker threads that load by module name.
const server = {
  input: { 'lantern-ls': 'dist/main.js', lantern: 'dist/cli/main.js' },
  platform: 'node',
  external: [
    /^tree-sitter/,
    /^libsql$/,
    /^@anthropic-ai\/sdk/,
    /^keyv$/,
    /^@keyv\//,
    /^fastify$/,
    /^@fastify\//,
    /^pino(-roll)?$/,
    /^prom-client$/,
  ],
  output: {
    dir: 'dist/bundle',
    format: 'esm',
    entryFileNames: '[name].mjs',
    chunkFileNames: 'shared-[hash].mjs',
    sourcemap: true,
  },
};

// The workspace index's parser thread (workspace/index/facts-parser.ts looks for it beside the bundle),
// bundled on its own so the server's bundle shares no chunk with it and loads as before.
const indexWorker = {
  ...server,
  input: { 'index-worker': 'dist/workspace/index/parse-worker.js' },
  output: { ...server.output, chunkFileNames: 'index-worker-[hash].mjs' },
};

export default [server, indexWorker];
