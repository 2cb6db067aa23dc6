-- Drives Neovim (headless) through Lantern's plugin the way a user would: hover (pressing K), :LanternExplain,
-- :LanternStatus, "Fix with Lantern" (from :LanternFix or Neovim's own code-action menu) and
-- :LanternGenerate. It only observes: what each step showed is written as JSON to spec.result_path
-- and the vitest file asserts on it. Every wait polls a condition with a deadline (vim.wait runs the
-- event loop meanwhile), never a fixed sleep.
local driver = require('neovim-prelude')
local spec = driver.spec
local result = { steps = {}, messages = {} }

local function step(name)
  table.insert(result.steps, name)
  driver.write(result) -- a run killed at its deadline still says how far it got
end

-- Waits for `predicate`; a message containing one of `refusals` (plain strings) ends the wait at
-- once: a refused fix says so, and waiting out the deadline would only hide why.
local function wait_for(what, predicate, refusals)
  local seen = #result.messages
  local refused = nil
  local done = vim.wait(spec.timeout_ms, function()
    for i = seen + 1, #result.messages do
      for _, refusal in ipairs(refusals or {}) do
        if result.messages[i]:find(refusal, 1, true) then
          refused = result.messages[i]
        end
      end
    end
    seen = #result.messages
    return refused ~= nil or predicate()
  end, 50)
  if refused then
    error(what .. ' failed: ' .. refused, 0)
  elseif not done then
    error('timed out waiting for ' .. what, 0)
  end
end

local buffer_text = driver.buffer_text

-- The text of the first window that `accept` takes (a float, or a Lantern window by its kind).
local function window_text(accept)
  for _, winid in ipairs(vim.api.nvim_list_wins()) do
    local bufnr = vim.api.nvim_win_get_buf(winid)
    if accept(winid, bufnr) then
      local text = buffer_text(bufnr)
      if text ~= '' then
        return text
      end
    end
  end
  return nil
end

local function lantern_window(kind)
  return function(_, bufnr)
    local ok, value = pcall(vim.api.nvim_buf_get_var, bufnr, 'lantern_kind')
    return ok and value == kind
  end
end

local function is_float(winid)
  return vim.api.nvim_win_get_config(winid).relative ~= ''
end

local function close_floats()
  for _, winid in ipairs(vim.api.nvim_list_wins()) do
    if is_float(winid) then
      vim.api.nvim_win_close(winid, true)
    end
  end
end

local function set_cursor(position) -- fixtures are ASCII: UTF-16 columns are byte columns
  vim.api.nvim_win_set_cursor(0, { position.line + 1, position.character })
end

local function run()
  driver.record_messages(result.messages)
  result.filetype = vim.bo.filetype
  step('attach')
  local lantern, bufnr = driver.attach({ cmd = spec.cmd, settings = spec.settings, cmd_env = spec.cmd_env })
  local client = lantern.client(bufnr)
  result.server_commands = (client.server_capabilities.executeCommandProvider or {}).commands or {}
  wait_for("Lantern's syntax diagnostics", function()
    return #vim.diagnostic.get(bufnr) > 0
  end)
  result.diagnostics = vim.tbl_map(function(d)
    return { line = d.lnum, message = d.message, source = d.source }
  end, vim.diagnostic.get(bufnr))

  step('hover')
  set_cursor(spec.hover)
  -- The key a user presses, with their mappings (0.7–0.9 map nothing: K runs 'keywordprg' there).
  vim.api.nvim_feedkeys('K', 'mx', false)
  wait_for('the hover window', function()
    return window_text(is_float) ~= nil
  end)
  result.hover = window_text(is_float)
  close_floats()

  step('explain')
  vim.cmd('LanternExplain')
  wait_for('the :LanternExplain window', function()
    return window_text(lantern_window('explain')) ~= nil
  end)
  result.explain = window_text(lantern_window('explain'))
  close_floats()

  step('status')
  vim.cmd('LanternStatus')
  wait_for('the :LanternStatus window', function()
    return window_text(lantern_window('status')) ~= nil
  end)
  result.status = window_text(lantern_window('status'))
  close_floats()

  step('clear_cache')
  vim.cmd('LanternClearCache')
  wait_for("the server's word that the cache is cleared", function()
    for _, message in ipairs(result.messages) do
      if message:find('the cache is cleared', 1, true) then
        return true
      end
    end
    return false
  end)

  step('fix')
  local target = vim.diagnostic.get(bufnr, { lnum = spec.fix.position.line })[1]
  if not target then
    error('no diagnostic on line ' .. (spec.fix.position.line + 1), 0)
  end
  local before = buffer_text(bufnr)
  if spec.fix.via == 'code_action' then
    -- As a user who went to the erroneous line (j, or :N): the cursor at its start, not on the error.
    vim.api.nvim_win_set_cursor(0, { target.lnum + 1, 0 })
    -- Neovim's own menu (vim.lsp.buf.code_action): the "user" picks the Lantern fix from it.
    vim.ui.select = function(items, opts, on_choice)
      result.code_action_menu = vim.tbl_map(opts.format_item, items)
      for _, item in ipairs(items) do
        if opts.format_item(item):find('^Fix with Lantern') then
          return on_choice(item)
        end
      end
      -- Ends the wait below at once: without the fix in the menu nothing will change the buffer.
      table.insert(result.messages, 'no fix offered in the menu: ' .. table.concat(result.code_action_menu, ', '))
      on_choice(nil)
    end
    vim.lsp.buf.code_action()
  else
    -- As a user jumping to the diagnostic (]d): the cursor on the start of Lantern's diagnostic there.
    vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
    vim.cmd('LanternFix')
  end
  wait_for('the fix to change the buffer', function()
    return buffer_text(bufnr) ~= before
  end, { 'did not apply', 'no fix offered', 'no diagnostic', 'No code actions' })
  result.fixed = buffer_text(bufnr)

  step('ask')
  -- Two questions: the second continues the first's session (the plugin passes its sessionId on).
  for _, question in ipairs(spec.ask.questions) do
    vim.cmd('LanternAsk ' .. question)
    wait_for('the answer to "' .. question .. '"', function()
      local text = window_text(lantern_window('ask'))
      return text ~= nil and not text:find('Lantern is thinking', 1, true)
    end)
  end
  result.ask = { text = window_text(lantern_window('ask')) }

  step('generate')
  set_cursor(spec.generate.position)
  local before_generate = buffer_text(bufnr)
  vim.cmd('LanternGenerate ' .. spec.generate.instruction)
  wait_for(':LanternGenerate to change the buffer', function()
    return buffer_text(bufnr) ~= before_generate
  end)
  result.generate = { text = buffer_text(bufnr) }
  step('done')
end

driver.run(result, run)
