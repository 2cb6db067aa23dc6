#!/usr/bin/env node
// The `lantern` CLI: the same agent core as the language server, in the terminal (bundled like it).
import '../dist/bundle/lantern.mjs';
