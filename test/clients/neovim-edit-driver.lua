-- :LanternEdit (or the "Edit selection with Lantern…" code action) as a user runs it: a range of lines, the instruction typed at the vim.ui.input prompt
-- (real typeahead into Neovim's own input()), and the edit the server sends applied to the buffer.
-- It only observes: the prompt shown, the messages and the buffer's text are written as JSON to
-- spec.result_path, and neovim-edit.test.ts asserts on them.
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('LANTERN_DRIVER_SPEC')), '\n'))
local result = { messages = {}, prompts = {} }

local function run()
  vim.opt.runtimepath:prepend(spec.plugin_dir)
  vim.notify = function(message)
    table.insert(result.messages, message)
  end
  local show = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, params, ctx, config)
    table.insert(result.messages, params.message)
    return show(err, params, ctx, config)
  end
  -- Watches the prompt go by; the input itself is Neovim's own (vim.fn.input through vim.ui.input).
  local input = vim.ui.input
  vim.ui.input = function(opts, on_confirm)
    table.insert(result.prompts, opts.prompt)
    return input(opts, on_confirm)
  end
  local lantern = require('lantern')
  lantern.setup({})
  local bufnr = vim.api.nvim_get_current_buf()
  local attached = vim.wait(spec.timeout_ms, function()
    local client = lantern.client(bufnr)
    return client ~= nil and client.initialized == true
  end, 50)
  if not attached then
    error('timed out waiting for the Lantern client to initialise', 0)
  end
  local before = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
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
    return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') ~= before
  end, 50)
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  if not changed then
    error('timed out waiting for :LanternEdit to change the buffer', 0)
  end
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(result) }, spec.result_path)
vim.cmd('qa!')
