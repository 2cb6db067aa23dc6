#!/usr/bin/env node
// Writes what is derived from the settings schema (server/src/config.ts): the VS Code extension's
// `contributes.configuration` (clients/vscode/package.json) and docs/configuration.md.
// Types, enums, bounds and defaults come from the zod schema (z.toJSONSchema of the built dist/config.js);
// descriptions from the comment above each field, read with tree-sitter, so config.ts stays the one source.
// `--check` writes nothing and exits 1 when either file is out of date. Run `npm run generate:settings`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG_SOURCE = join(ROOT, 'server', 'src', 'config.ts');
const PACKAGE_JSON = join(ROOT, 'clients', 'vscode', 'package.json');
const CLIENT_SETTINGS = join(ROOT, 'clients', 'vscode', 'src', 'client-settings.json');
const DOCS = join(ROOT, 'docs', 'configuration.md');
const README = join(ROOT, 'README.md');
// z.toJSONSchema bounds every int by the safe-integer range: noise in a settings UI.
const SAFE_MAX = Number.MAX_SAFE_INTEGER;
// Settings sections only the HTTP service reads (still in docs/configuration.md).
const SERVICE_ONLY = /^service\./;

const { configSchema } = await import(join(ROOT, 'dist', 'config.js'));
const clientSettings = JSON.parse(readFileSync(CLIENT_SETTINGS, 'utf8'));
const settings = flatten(z.toJSONSchema(configSchema, { io: 'input' }), commentsOf(CONFIG_SOURCE));
const undocumented = settings.filter((setting) => setting.description === '').map((setting) => setting.key);
if (undocumented.length > 0) {
  process.stderr.write(`server/src/config.ts: no comment above ${undocumented.join(', ')}\n`);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
const configuration = vscodeConfiguration(settings, clientSettings);
const docs = configurationMarkdown(settings, clientSettings);

if (process.argv.includes('--check')) {
  const stale = [];
  if (!isDeepStrictEqual(pkg.contributes?.configuration, configuration))
    stale.push('clients/vscode/package.json');
  if (readText(DOCS) !== docs) stale.push('docs/configuration.md');
  if (stale.length > 0) {
    process.stderr.write(`out of date: ${stale.join(', ')} (run npm run generate:settings)\n`);
    process.exit(1);
  }
  process.stdout.write('settings: up to date\n');
} else {
  pkg.contributes = { ...pkg.contributes, configuration };
  writeFileSync(PACKAGE_JSON, `${JSON.stringify(pkg, null, 2)}\n`);
  // The repository's formatter owns package.json's layout; --check compares the parsed JSON.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', PACKAGE_JSON], {
    stdio: 'ignore',
  });
  writeFileSync(DOCS, docs);
  process.stdout.write(
    `wrote ${Object.keys(configuration.properties).length} settings and docs/configuration.md\n`,
  );
}

/** Every leaf setting, in schema order: its dotted key, JSON schema and comment. */
function flatten(schema, comments, prefix = '') {
  const leaves = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const key = `${prefix}${name}`;
    if (property.type === 'object') leaves.push(...flatten(property, comments, `${key}.`));
    else leaves.push({ key, schema: property, description: comments.get(key) ?? '' });
  }
  return leaves;
}

/** The JSDoc comment above each field of `configSchema`, by dotted key. */
function commentsOf(file) {
  const require = createRequire(import.meta.url);
  const Parser = require('tree-sitter');
  const parser = new Parser();
  parser.setLanguage(require('tree-sitter-typescript').typescript);
  const tree = parser.parse(readFileSync(file, 'utf8'));
  const declarator = tree.rootNode
    .descendantsOfType('variable_declarator')
    .find((node) => node.childForFieldName('name')?.text === 'configSchema');
  const comments = new Map();
  const visit = (object, prefix) => {
    for (const pair of object.namedChildren.filter((child) => child.type === 'pair')) {
      const key = `${prefix}${pair.childForFieldName('key').text}`;
      const previous = pair.previousNamedSibling;
      if (previous?.type === 'comment') comments.set(key, cleanComment(previous.text));
      const nested = zodObjectLiteral(pair.childForFieldName('value'));
      if (nested) visit(nested, `${key}.`);
    }
  };
  const top = declarator && zodObjectLiteral(declarator.childForFieldName('value'));
  if (!top) throw new Error(`${file}: no configSchema = z.object({...}) found`);
  visit(top, '');
  return comments;
}

// The `{...}` passed to the outermost `z.object(...)` in an expression, if any.
function zodObjectLiteral(node) {
  const calls = [node, ...node.descendantsOfType('call_expression')].filter(
    (candidate) => candidate.type === 'call_expression',
  );
  const call = calls.find(
    (candidate) => candidate.childForFieldName('function')?.text.replace(/\s+/g, '') === 'z.object',
  );
  return call?.childForFieldName('arguments')?.namedChildren.find((argument) => argument.type === 'object');
}

function cleanComment(text) {
  return text
    .replace(/^\/\*\*?|\*\/$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s?/, '').trim())
    .filter((line) => line !== '')
    .join(' ');
}

/** `contributes.configuration` for VS Code: the server's settings, then the client's own. */
function vscodeConfiguration(leaves, client) {
  const properties = {};
  let order = 0;
  for (const { key, schema, description } of leaves) {
    // Read by `lantern serve` alone: an editor's settings UI would only show knobs that do nothing there.
    if (SERVICE_ONLY.test(key)) continue;
    const override = client.defaults[key];
    const entry = { type: schema.type };
    if (schema.type === 'array') entry.items = schema.items;
    if (schema.enum) entry.enum = schema.enum;
    for (const bound of ['minimum', 'exclusiveMinimum', 'maximum', 'pattern'])
      if (schema[bound] !== undefined && schema[bound] !== SAFE_MAX) entry[bound] = schema[bound];
    entry.default = override ? override.value : schema.default;
    entry.markdownDescription = override
      ? `${description}\n\nIn VS Code the default is \`${JSON.stringify(override.value)}\` (the server's own is \`${JSON.stringify(schema.default)}\`): ${override.reason}`
      : description;
    if (client.scopes[key]) entry.scope = client.scopes[key];
    entry.order = order++;
    properties[`lantern.${key}`] = entry;
  }
  for (const [key, entry] of Object.entries(client.clientOnly))
    properties[`lantern.${key}`] = { ...entry, order: order++ };
  return { title: 'Lantern', properties };
}

/** docs/configuration.md: every setting, grouped by section, and what the VS Code client changes. */
function configurationMarkdown(leaves, client) {
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from server/src/config.ts by scripts/generate-settings.mjs: edit the schema, then run `npm run generate:settings`. -->',
    '',
    'Lantern reads one settings section, `lantern`, in layers (later wins): the defaults below ←',
    '`$XDG_CONFIG_HOME/lantern/config.json` (or `~/.config/lantern/config.json`) ← the environment',
    "(`LANTERN_PROVIDER`, `LANTERN_MODEL`) ← the editor's `initializationOptions` ← the editor's workspace",
    'settings (`workspace/configuration`, pulled again on every change). An invalid value is reported once,',
    'naming its key, and its default is used: a typo never stops the server.',
    '',
    'In the config file and in `initializationOptions`, nest keys as objects (`{"hover": {"explain": "off"}}`);',
    'VS Code\'s settings use the dotted names (`"lantern.hover.explain": "off"`).',
    '',
    'API keys are never settings: `ANTHROPIC_API_KEY` (and `ANTHROPIC_BASE_URL`), `OPENAI_API_KEY` come from',
    'the environment only. Also from the environment: `LANTERN_CACHE_DIR` (where the SQLite cache lives) and',
    '`LANTERN_LOG_FILE` (a log that outlives the editor session); for `lantern serve`, `LANTERN_API_TOKENS`',
    '(the bearer tokens it accepts, comma-separated; secrets like the keys, never logged or echoed). The',
    '`service` settings below apply to `lantern serve` only.',
    '',
    '## Languages',
    '',
    'What each language gets (the table of the README, copied here). `disabledLanguages` below switches',
    'Lantern off for the languages you list.',
    '',
    ...languageTable(readFileSync(README, 'utf8')),
  ];
  let section;
  for (const { key, schema, description } of leaves) {
    const group = key.includes('.') ? key.slice(0, key.indexOf('.')) : 'general';
    if (group !== section) {
      section = group;
      lines.push('', `## ${group === 'general' ? 'General' : `\`${group}\``}`, '');
      lines.push('| setting | type | default | description |', '|---|---|---|---|');
    }
    lines.push(`| \`${key}\` | ${typeOf(schema)} | ${code(schema.default)} | ${cell(description)} |`);
  }
  lines.push(
    '',
    '## VS Code',
    '',
    'The extension (`clients/vscode`) offers every setting above as `lantern.<key>`, with these differences:',
    '',
  );
  for (const [key, override] of Object.entries(client.defaults))
    lines.push(`- \`lantern.${key}\` defaults to ${code(override.value)}: ${override.reason}`);
  for (const [key, entry] of Object.entries(client.clientOnly))
    lines.push(
      `- \`lantern.${key}\` (VS Code only, default ${code(entry.default)}): ${entry.markdownDescription}`,
    );
  for (const [key, scope] of Object.entries(client.scopes))
    lines.push(
      `- \`lantern.${key}\` can only be set in your user settings (scope \`${scope}\`), never by a workspace.`,
    );
  return `${lines.join('\n')}\n`;
}

/** The README's language table: the lines between its two `language-table` markers. */
function languageTable(readme) {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.startsWith('<!-- language-table:'));
  const end = lines.findIndex((line) => line.startsWith('<!-- language-table: end'));
  if (start === -1 || end <= start) throw new Error('README.md: no <!-- language-table: … --> markers');
  return lines.slice(start + 1, end);
}

function typeOf(schema) {
  if (schema.enum) return schema.enum.map((value) => `\`${value}\``).join(' \\| ');
  if (schema.type === 'array') return `${schema.items?.type ?? 'value'}[]`;
  const bounds = [];
  if (schema.minimum !== undefined) bounds.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) bounds.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && schema.maximum !== SAFE_MAX) bounds.push(`≤ ${schema.maximum}`);
  return bounds.length > 0 ? `${schema.type} (${bounds.join(', ')})` : schema.type;
}

function code(value) {
  return `\`${JSON.stringify(value)}\``;
}

function cell(text) {
  return text.replaceAll('|', '\\|');
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
