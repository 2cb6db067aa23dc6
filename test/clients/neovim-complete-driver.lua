-- Completion as a user meets it on Neovim 0.7: in insert mode at the end of a line, <C-x><C-o>
-- (the omnifunc the plugin set) asks Lantern, the one item is inserted, <Esc> leaves insert mode.
-- The keys go through Neovim's own typeahead; a timer watches for the buffer to change. It only
-- observes: the omnifunc, the buffer's text and the messages are written as JSON to spec.result_path.
local driver = require('neovim-prelude')
local spec = driver.spec
local result = { messages = {} }

driver.run(result, function()
  driver.record_messages(result.messages)
  local _, bufnr = driver.attach({ settings = spec.settings })
  result.omnifunc = vim.bo[bufnr].omnifunc
  -- The line as the user has typed it so far.
  vim.api.nvim_buf_set_lines(bufnr, spec.line - 1, spec.line, false, { spec.typed })
  vim.api.nvim_win_set_cursor(0, { spec.line, #spec.typed })
  local before = driver.buffer_text(bufnr)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('A<C-x><C-o>', true, false, true), 'n', false)
  local deadline = vim.loop.now() + spec.timeout_ms
  local timer = vim.loop.new_timer()
  timer:start(100, 100, vim.schedule_wrap(function()
    if driver.buffer_text(bufnr) ~= before then
      timer:stop()
      result.mode_when_inserted = vim.fn.mode()
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<Esc>', true, false, true), 'n', false)
      vim.schedule(function()
        result.text = driver.buffer_text(bufnr)
        driver.finish(result)
      end)
    elseif vim.loop.now() > deadline then
      timer:stop()
      result.text = driver.buffer_text(bufnr)
      driver.finish(result, 'timed out waiting for the completion to change the buffer')
    end
  end))
  return true -- the timer finishes
end)
