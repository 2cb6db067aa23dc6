-- What every Neovim test driver starts and ends with: the spec neovim-run.ts wrote, what Lantern tells
-- the user recorded, the plugin set up and its client awaited, and the result written on the way out.
-- neovim-run.ts puts test/clients on package.path, so a driver has it with require('neovim-prelude').
local M = {}

M.spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('LANTERN_DRIVER_SPEC')), '\n'))

function M.buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

--- Records what Lantern tells the user (vim.notify and window/showMessage) in `messages`.
function M.record_messages(messages)
  vim.notify = function(message)
    table.insert(messages, message)
  end
  local show = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, params, ctx, config)
    table.insert(messages, params.message)
    return show(err, params, ctx, config)
  end
end

--- The plugin (spec.plugin_dir) set up with `opts`, and the current buffer once Lantern's client there
--- has initialised (the plugin's on_attach has run by then); an error at the spec's deadline.
function M.attach(opts)
  vim.opt.runtimepath:prepend(M.spec.plugin_dir)
  local lantern = require('lantern')
  lantern.setup(opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local attached = vim.wait(M.spec.timeout_ms, function()
    local client = lantern.client(bufnr)
    return client ~= nil and client.initialized == true and client.server_capabilities ~= nil
  end, 50)
  if not attached then
    error('timed out waiting for the Lantern client to initialise', 0)
  end
  return lantern, bufnr
end

--- Writes `result` as JSON to spec.result_path, where the test reads it.
function M.write(result)
  vim.fn.writefile({ vim.fn.json_encode(result) }, M.spec.result_path)
end

--- Writes `result` (with `err` as its error, if given), and quits Neovim.
function M.finish(result, err)
  if err then
    result.error = tostring(err)
  end
  M.write(result)
  vim.cmd('qa!')
end

--- Runs `body`, then finishes with `result`; an error `body` raises goes into it. A body that ends
--- later (on a timer) returns true and calls finish itself.
function M.run(result, body)
  local ok, later = xpcall(body, debug.traceback)
  if not ok then
    return M.finish(result, later)
  end
  if not later then
    M.finish(result)
  end
end

return M
