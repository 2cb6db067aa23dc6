-- Who owns `K` in a buffer Lantern attached to, on this Neovim: the plugin's hover mapping (where
-- Neovim maps nothing), nothing when the user opted out (map_hover = false), or the user's own
-- buffer-local mapping. It only observes: `K`'s normal-mode mapping is written as JSON to
-- spec.result_path, and neovim-keymap.test.ts asserts on it.
local driver = require('neovim-prelude')
local spec = driver.spec
local result = {}

driver.run(result, function()
  if spec.user_mapping then
    -- As a user's FileType autocommand would, before Lantern attaches.
    vim.api.nvim_create_autocmd('FileType', {
      pattern = 'python',
      callback = function(event)
        vim.api.nvim_buf_set_keymap(event.buf, 'n', 'K', '<Cmd>echo "the user\'s K"<CR>', { noremap = true })
      end,
    })
    vim.cmd('doautocmd FileType python')
  end
  -- on_attach runs in the same callback that marks the client initialised.
  driver.attach({ map_hover = spec.map_hover })
  local mapping = vim.fn.maparg('K', 'n', false, true)
  result.k = { rhs = mapping.rhs or '', buffer = mapping.buffer == 1 }
end)
