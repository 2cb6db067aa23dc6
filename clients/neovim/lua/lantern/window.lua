-- Where Lantern's answers are shown: a floating window at the cursor, or a scratch window (a split
-- holding a `lantern://<kind>` buffer that is never written). Each buffer is tagged with
-- b:lantern_kind ('explain', 'status', 'ask', …) so scripts and tests can find it.
local M = {}

local function lines_of(text)
  return vim.split(text, '\n', { plain = true })
end

local function tag(bufnr, kind)
  vim.api.nvim_buf_set_var(bufnr, 'lantern_kind', kind)
end

--- Shows markdown in a float at the cursor; returns the float's buffer and window.
function M.float(kind, markdown)
  local bufnr, winid = vim.lsp.util.open_floating_preview(lines_of(markdown), 'markdown', {
    border = 'rounded',
    focus_id = 'lantern-' .. kind,
    max_width = math.max(60, math.floor(vim.o.columns * 0.6)),
  })
  tag(bufnr, kind)
  return bufnr, winid
end

-- The scratch buffer of a kind, created on first use.
local function scratch_buffer(kind)
  local name = 'lantern://' .. kind
  local bufnr = vim.fn.bufnr(name)
  if bufnr ~= -1 and vim.api.nvim_buf_is_valid(bufnr) then
    return bufnr
  end
  bufnr = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(bufnr, name)
  vim.bo[bufnr].buftype = 'nofile'
  vim.bo[bufnr].bufhidden = 'hide'
  vim.bo[bufnr].swapfile = false
  vim.bo[bufnr].filetype = 'markdown'
  tag(bufnr, kind)
  return bufnr
end

-- Shows a buffer in a split below, unless a window of this tab shows it already.
local function reveal(bufnr)
  for _, winid in ipairs(vim.api.nvim_tabpage_list_wins(0)) do
    if vim.api.nvim_win_get_buf(winid) == bufnr then
      return winid
    end
  end
  local previous = vim.api.nvim_get_current_win()
  vim.cmd('botright 15split')
  local winid = vim.api.nvim_get_current_win()
  vim.api.nvim_win_set_buf(winid, bufnr)
  vim.wo[winid].wrap = true
  vim.wo[winid].linebreak = true
  vim.api.nvim_set_current_win(previous)
  return winid
end

--- Replaces the scratch buffer of `kind` with markdown and shows it.
function M.scratch(kind, markdown)
  local bufnr = scratch_buffer(kind)
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines_of(markdown))
  return bufnr, reveal(bufnr)
end

--- Appends markdown to the scratch buffer of `kind` (a conversation), shows it, scrolls to the end.
function M.append(kind, markdown)
  local bufnr = scratch_buffer(kind)
  local empty = vim.api.nvim_buf_line_count(bufnr) == 1 and vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1] == ''
  vim.api.nvim_buf_set_lines(bufnr, empty and 0 or -1, -1, false, lines_of(markdown))
  local winid = reveal(bufnr)
  vim.api.nvim_win_set_cursor(winid, { vim.api.nvim_buf_line_count(bufnr), 0 })
  return bufnr, winid
end

--- Shows an answer where the user asked (`window = 'float' | 'split'`).
function M.show(kind, markdown, where)
  if where == 'split' then
    return M.scratch(kind, markdown)
  end
  return M.float(kind, markdown)
end

return M
