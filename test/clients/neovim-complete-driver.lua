-- Completion as a user meets it on Neovim 0.7: in insert mode at the end of a line, <C-x><C-o>
-- (the omnifunc the plugin set) asks Lantern, the one item is inserted, <Esc> leaves insert mode.
-- The keys go through Neovim's own typeahead; a timer watches for the buffer to change. It only
-- observes: the omnifunc, the buffer's text and the messages are written as JSON to spec.result_path.
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('LANTERN_DRIVER_SPEC')), '\n'))
local result = { messages = {} }

local function finish(err)
  if err then
    result.error = tostring(err)
  end
  vim.fn.writefile({ vim.fn.json_encode(result) }, spec.result_path)
  vim.cmd('qa!')
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function start()
  vim.opt.runtimepath:prepend(spec.plugin_dir)
  vim.notify = function(message)
    table.insert(result.messages, message)
  end
  local lantern = require('lantern')
  lantern.setup({ settings = spec.settings })
  local bufnr = vim.api.nvim_get_current_buf()
  local attached = vim.wait(spec.timeout_ms, function()
    local client = lantern.client(bufnr)
    return client ~= nil and client.initialized == true
  end, 50)
  if not attached then
    error('timed out waiting for the Lantern client to initialise', 0)
  end
  result.omnifunc = vim.bo[bufnr].omnifunc
  -- The line as the user has typed it so far.
  vim.api.nvim_buf_set_lines(bufnr, spec.line - 1, spec.line, false, { spec.typed })
  vim.api.nvim_win_set_cursor(0, { spec.line, #spec.typed })
  local before = buffer_text(bufnr)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('A<C-x><C-o>', true, false, true), 'n', false)
  local deadline = vim.loop.now() + spec.timeout_ms
  local timer = vim.loop.new_timer()
  timer:start(100, 100, vim.schedule_wrap(function()
    if buffer_text(bufnr) ~= before then
      timer:stop()
      result.mode_when_inserted = vim.fn.mode()
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<Esc>', true, false, true), 'n', false)
      vim.schedule(function()
        result.text = buffer_text(bufnr)
        finish()
      end)
    elseif vim.loop.now() > deadline then
      timer:stop()
      result.text = buffer_text(bufnr)
      finish('timed out waiting for the completion to change the buffer')
    end
  end))
end

local ok, err = xpcall(start, debug.traceback)
if not ok then
  finish(err)
end
