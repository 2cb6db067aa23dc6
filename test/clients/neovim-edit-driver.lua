-- :LanternEdit (or the "Edit selection with Lantern…" code action) as a user runs it: a range of lines, the instruction typed at the vim.ui.input prompt
-- (real typeahead into Neovim's own input()), and the edit the server sends applied to the buffer.
-- It only observes: the prompt shown, the messages and the buffer's text are written as JSON to
-- spec.result_path, and neovim-edit.test.ts asserts on them.
local driver = require('neovim-prelude')
local spec = driver.spec
local result = { messages = {}, prompts = {} }

driver.run(result, function()
  driver.record_messages(result.messages)
  -- Watches the prompt go by; the input itself is Neovim's own (vim.fn.input through vim.ui.input).
  local input = vim.ui.input
  vim.ui.input = function(opts, on_confirm)
    table.insert(result.prompts, opts.prompt)
    return input(opts, on_confirm)
  end
  local _, bufnr = driver.attach({})
  local before = driver.buffer_text(bufnr)
  -- What the user types at the prompt, waiting in the typeahead as if typed.
  vim.api.nvim_feedkeys(spec.instruction .. '\r', 't', false)
  if spec.via == 'code_action' then
    -- Neovim's own menu over the lines: the "user" picks Lantern's edit from it.
    vim.ui.select = function(items, opts, on_choice)
      result.code_action_menu = vim.tbl_map(opts.format_item, items)
      for index, item in ipairs(items) do
        if opts.format_item(item):find('Edit selection with Lantern', 1, true) then
          return on_choice(item, index)
        end
      end
      on_choice(nil)
    end
    local last = vim.api.nvim_buf_get_lines(bufnr, spec.lines[2] - 1, spec.lines[2], false)[1]
    vim.lsp.buf.range_code_action(nil, { spec.lines[1], 0 }, { spec.lines[2], #last })
  else
    vim.cmd(('%d,%dLanternEdit'):format(spec.lines[1], spec.lines[2]))
  end
  local changed = vim.wait(spec.timeout_ms, function()
    return driver.buffer_text(bufnr) ~= before
  end, 50)
  result.text = driver.buffer_text(bufnr)
  if not changed then
    error('timed out waiting for :LanternEdit to change the buffer', 0)
  end
end)
