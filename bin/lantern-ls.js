#!/usr/bin/env node
// The published entry point: the server bundled into one file (built by `npm run build`, run on
// install; see rolldown.config.mjs for why it is bundled).
import '../dist/bundle/lantern-ls.mjs';
