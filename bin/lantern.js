#!/usr/bin/env node
// The `lantern` CLI: the same agent core as the language server, in the terminal.
import '../dist/cli/main.js';
