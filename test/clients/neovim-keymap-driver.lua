-- Who owns `K` in a buffer Lantern attached to, on this Neovim: the plugin's hover mapping (where
-- Neovim maps nothing), nothing when the user opted out (map_hover = false), or the user's own
-- buffer-local mapping. It only observes: `K`'s normal-mode mapping is written as JSON to
-- spec.result_path, and neovim-keymap.test.ts asserts on it.
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('LANTERN_DRIVER_SPEC')), '\n'))
local result = {}

local function run()
  vim.opt.runtimepath:prepend(spec.plugin_dir)
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
  local lantern = require('lantern')
  lantern.setup({ map_hover = spec.map_hover })
  local bufnr = vim.api.nvim_get_current_buf()
  -- on_attach runs in the same callback that marks the client initialised.
  local attached = vim.wait(spec.timeout_ms, function()
    local client = lantern.client(bufnr)
    return client ~= nil and client.initialized == true
  end, 50)
  if not attached then
    error('timed out waiting for the Lantern client to initialise', 0)
  end
  local mapping = vim.fn.maparg('K', 'n', false, true)
  result.k = { rhs = mapping.rhs or '', buffer = mapping.buffer == 1 }
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(result) }, spec.result_path)
vim.cmd('qa!')
