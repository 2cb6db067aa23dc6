-- The :Lantern* commands. Each is a thin call to a server command id of server/src/lsp/protocol.ts
-- (lantern.explain, lantern.generate, lantern.edit, lantern.ask), the lantern/status request, or the
-- "Fix with Lantern" code action; answers are shown with lantern.window.
local lantern = require('lantern')
local window = require('lantern.window')

local M = {}

local function notify(message, level)
  vim.notify('Lantern: ' .. message, level or vim.log.levels.INFO)
end

-- The Lantern client of the current buffer, or a message saying why there is none.
local function current_client()
  local client = lantern.client(0)
  if not client then
    notify('not running for this buffer (filetype `' .. vim.bo.filetype .. '`).', vim.log.levels.WARN)
  end
  return client
end

local function on_error(err)
  notify(err.message or vim.inspect(err), vim.log.levels.ERROR)
end

local function execute(client, command, args, on_result)
  local params = { command = command, arguments = { args } }
  lantern.request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      return on_error(err)
    end
    on_result(result)
  end, vim.api.nvim_get_current_buf())
end

local function apply(client, edit)
  vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
end

local function cursor_params(client)
  return vim.lsp.util.make_position_params(0, client.offset_encoding)
end

--- :LanternExplain[!] — explains the symbol or unit at the cursor (! asks the model anew).
function M.explain(opts)
  local client = current_client()
  if not client then
    return
  end
  local params = cursor_params(client)
  local args = { uri = params.textDocument.uri, position = params.position, refresh = opts and opts.bang or nil }
  execute(client, 'lantern.explain', args, function(markdown)
    window.show('explain', markdown or '', lantern.config.window)
  end)
end

-- The LSP diagnostics on a line: the original LSP objects where Neovim keeps them (0.10+ stores
-- them in user_data.lsp), converted by Neovim's own helper on 0.7–0.10.
local function line_diagnostics(bufnr, lnum)
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
    local original = diagnostic.user_data and diagnostic.user_data.lsp
    if original and original.range and original.message then
      table.insert(found, original)
    end
  end
  if #found == 0 and vim.lsp.diagnostic.get_line_diagnostics then
    found = vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum)
  end
  return found
end

-- Runs one code action: its edit, else resolve it (the model runs then), else its command (the
-- server then sends workspace/applyEdit, which Neovim applies itself).
local function run_action(client, action)
  if action.edit then
    apply(client, action.edit)
    notify('fix applied.')
  elseif action.data then
    notify('asking for a fix…')
    lantern.request(client, 'codeAction/resolve', action, function(err, resolved)
      if err then
        return on_error(err)
      end
      if resolved and resolved.edit then
        apply(client, resolved.edit)
        notify('fix applied.')
      elseif resolved and resolved.command then
        execute(client, resolved.command.command, (resolved.command.arguments or {})[1], function() end)
      end -- no edit: the server has said why with window/showMessage
    end, vim.api.nvim_get_current_buf())
  elseif action.command then
    notify('asking for a fix…')
    execute(client, action.command.command, (action.command.arguments or {})[1], function() end)
  end
end

--- :LanternFix — the "Fix with Lantern" code action for a diagnostic on the cursor's line, applied.
function M.fix()
  local client = current_client()
  if not client then
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local lnum = vim.api.nvim_win_get_cursor(0)[1] - 1
  local diagnostics = line_diagnostics(bufnr, lnum)
  if #diagnostics == 0 then
    return notify('no diagnostic on this line to fix.', vim.log.levels.WARN)
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ''
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    -- The whole line (its byte length bounds its UTF-16 length), so every diagnostic on it counts.
    range = { start = { line = lnum, character = 0 }, ['end'] = { line = lnum, character = #line } },
    context = { diagnostics = diagnostics, only = { 'quickfix' } },
  }
  lantern.request(client, 'textDocument/codeAction', params, function(err, actions)
    if err then
      return on_error(err)
    end
    local fixes, disabled = {}, nil
    for _, action in ipairs(actions or {}) do
      if (action.title or ''):find('^Fix with Lantern') then
        if action.disabled then
          disabled = action.disabled.reason
        else
          table.insert(fixes, action)
        end
      end
    end
    if #fixes == 0 then
      return notify(disabled or 'no fix offered for this line.', vim.log.levels.WARN)
    elseif #fixes == 1 then
      return run_action(client, fixes[1])
    end
    vim.ui.select(fixes, {
      prompt = 'Fix with Lantern:',
      format_item = function(action)
        return action.title
      end,
    }, function(choice)
      if choice then
        run_action(client, choice)
      end
    end)
  end, bufnr)
end

-- The selection of a ranged command (:'<,'>Lantern…) as an LSP range, or nil.
local function selection(opts)
  if not opts or opts.range == 0 then
    return nil
  end
  local last = vim.api.nvim_buf_get_lines(0, opts.line2 - 1, opts.line2, false)[1] or ''
  return { start = { line = opts.line1 - 1, character = 0 }, ['end'] = { line = opts.line2 - 1, character = #last } }
end

--- :[range]LanternGenerate [instruction] — generates code at the cursor (or for the selection);
--- without an instruction the server takes it from the selection or the comment at the cursor.
function M.generate(opts)
  local client = current_client()
  if not client then
    return
  end
  local params = cursor_params(client)
  local args = { uri = params.textDocument.uri }
  args.range = selection(opts)
  if not args.range then
    args.position = params.position
  end
  if opts and opts.args and opts.args ~= '' then
    args.instruction = opts.args
  end
  notify('generating…')
  -- The server sends the verified insertion itself (workspace/applyEdit) and says why when it refuses.
  execute(client, 'lantern.generate', args, function(result)
    if type(result) == 'table' and result.applied then
      notify('generated: ' .. tostring(result.instruction or ''))
    end
  end)
end

-- Sends lantern.edit for the range (an empty one: the function at the cursor); the server sends the
-- verified edit itself (workspace/applyEdit) and says why when it refuses.
local function run_edit(client, bufnr, range, instruction)
  local args = {
    uri = vim.uri_from_bufnr(bufnr),
    range = range,
    instruction = instruction,
    -- The version the selection was made in: the server refuses the edit if the buffer moved on.
    version = vim.lsp.util.buf_versions[bufnr],
  }
  notify('editing…')
  execute(client, 'lantern.edit', args, function(result)
    if type(result) == 'table' and result.applied then
      notify('edited: ' .. instruction)
    end
  end)
end

--- :[range]LanternEdit [instruction] — rewrites the selected lines (no range: the function at the
--- cursor) as the instruction says; without one, asks for it with vim.ui.input.
function M.edit(opts)
  local client = current_client()
  if not client then
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local range = selection(opts)
  if not range then
    range = { start = cursor_params(client).position, ['end'] = cursor_params(client).position }
  end
  if opts and opts.args and opts.args ~= '' then
    return run_edit(client, bufnr, range, opts.args)
  end
  vim.ui.input({ prompt = 'Lantern edit: ' }, function(instruction)
    if instruction and instruction ~= '' then
      run_edit(client, bufnr, range, instruction)
    end
  end)
end

--- lantern.edit from the "Edit selection with Lantern…" code action (a vim.lsp.commands handler):
--- the server lists it without an instruction, since only the editor can ask for one.
function M.edit_action(command, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local args = (command.arguments or {})[1]
  if not client or type(args) ~= 'table' then
    return
  end
  local function send()
    notify('editing…')
    execute(client, 'lantern.edit', args, function() end)
  end
  if args.instruction then
    return send()
  end
  vim.ui.input({ prompt = 'Lantern edit: ' }, function(instruction)
    if instruction and instruction ~= '' then
      args.instruction = instruction
      send()
    end
  end)
end

-- An edit an answer proposes (lantern.ask never applies one itself): applied if the user says so.
local function offer_edit(client, edit)
  vim.ui.select({ 'Apply', 'Discard' }, { prompt = 'Lantern proposes an edit:' }, function(choice)
    if choice == 'Apply' then
      apply(client, edit)
    end
  end)
end

-- The conversation of :LanternAsk, continued by later questions.
local session_id = nil
local namespace = vim.api.nvim_create_namespace('lantern-ask')

--- :[range]LanternAsk {question} — asks a free question (about the selection, if any); the answers
--- build up in the `lantern://ask` scratch window.
function M.ask(opts)
  local client = current_client()
  if not client then
    return
  end
  local question = opts and opts.args or ''
  local args = { question = question, uri = vim.uri_from_bufnr(0), range = selection(opts), sessionId = session_id }
  local bufnr = window.append('ask', '## ' .. question .. '\n')
  -- An extmark keeps the placeholder's place even if another answer lands first.
  local line = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, line, line, false, { '*Lantern is thinking…*' })
  local mark = vim.api.nvim_buf_set_extmark(bufnr, namespace, line, 0, {})
  execute(client, 'lantern.ask', args, function(result)
    result = type(result) == 'table' and result or { markdown = tostring(result) }
    session_id = result.sessionId or session_id
    local row = vim.api.nvim_buf_get_extmark_by_id(bufnr, namespace, mark, {})[1]
    vim.api.nvim_buf_del_extmark(bufnr, namespace, mark)
    local answer = vim.split((result.markdown or '') .. '\n', '\n', { plain = true })
    vim.api.nvim_buf_set_lines(bufnr, row, row + 1, false, answer)
    if result.edit then
      offer_edit(client, result.edit)
    end
  end)
end

local function status_markdown(status)
  local lines = {
    '# Lantern ' .. (status.version or ''),
    '',
    '- provider: **' .. tostring(status.provider) .. '**' .. (status.model and (' · model `' .. status.model .. '`') or ''),
  }
  if status.endpoint then
    table.insert(lines, '- endpoint: ' .. status.endpoint)
  end
  if status.offlineReason then
    table.insert(lines, '- offline: ' .. status.offlineReason)
  end
  local cache = status.cache or {}
  table.insert(lines, ('- cache: %s (%d hits, %d misses)'):format(tostring(cache.location), cache.hits or 0, cache.misses or 0))
  table.insert(lines, ('- requests: %d (%d failed), tokens in/out: %d/%d'):format(
    status.requests or 0, status.failures or 0, status.inputTokens or 0, status.outputTokens or 0))
  table.insert(lines, ('- open documents: %d; grammars: %s'):format(
    status.openDocuments or 0, table.concat(status.grammarsLoaded or {}, ', ')))
  return table.concat(lines, '\n')
end

--- :LanternStatus — provider, model, cache and usage of the running server.
function M.status()
  local client = current_client()
  if not client then
    return
  end
  lantern.request(client, 'lantern/status', vim.empty_dict(), function(err, status)
    if err then
      return on_error(err)
    end
    window.show('status', status_markdown(status or {}), lantern.config.window)
  end, vim.api.nvim_get_current_buf())
end

--- :LanternClearCache — empties the server's response cache: explanations and answers are asked anew.
--- The server confirms with a message of its own.
function M.clear_cache()
  local client = current_client()
  if not client then
    return
  end
  lantern.request(client, 'workspace/executeCommand', { command = 'lantern.clearCache' }, function(err)
    if err then
      return on_error(err)
    end
  end, vim.api.nvim_get_current_buf())
end

--- Defines the user commands.
function M.register()
  local define = vim.api.nvim_create_user_command
  define('LanternExplain', M.explain, { bang = true, desc = 'Lantern: explain the code at the cursor' })
  define('LanternFix', M.fix, { desc = 'Lantern: fix the diagnostic on this line' })
  define('LanternGenerate', M.generate, { nargs = '*', range = true, desc = 'Lantern: generate code' })
  define('LanternEdit', M.edit, { nargs = '*', range = true, desc = 'Lantern: edit the selection per an instruction' })
  define('LanternAsk', M.ask, { nargs = '+', range = true, desc = 'Lantern: ask a question' })
  define('LanternStatus', M.status, { desc = 'Lantern: show the server status' })
  define('LanternClearCache', M.clear_cache, { desc = 'Lantern: empty the response cache' })
end

return M
