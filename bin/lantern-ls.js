#!/usr/bin/env node
// The published entry point: the compiled server lives in dist/ (built by `npm run build`, run on install).
import '../dist/main.js';
