-- Lantern for Neovim: starts lantern-ls for the supported filetypes and adds :Lantern* commands.
-- Works on Neovim 0.7+: vim.lsp.config/vim.lsp.enable where they exist (0.11+), otherwise
-- vim.lsp.start_client + vim.lsp.buf_attach_client (0.7 has no vim.lsp.start).
local M = {}

local defaults = {
  -- How to start the server; `lantern-ls` from PATH by default.
  cmd = { 'lantern-ls', '--stdio' },
  -- The languages Lantern has a grammar for; add any other filetype to have Lantern explain, fix and
  -- generate on the block around the cursor there.
  filetypes = {
    'python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact',
    'go', 'rust', 'java', 'c', 'cpp', 'ruby', 'cs',
  },
  -- The first directory upwards holding one of these is the workspace root (else the file's directory).
  root_markers = { '.git', 'package.json', 'tsconfig.json', 'pyproject.toml', 'setup.py' },
  -- Lantern settings (the `lantern` section of server/src/config.ts), e.g. { hover = { timeoutMs = 15000 } }.
  settings = {},
  -- Where :LanternExplain and :LanternStatus show their answer: 'float' or 'split' (a scratch window).
  window = 'float',
  -- Extra environment for the server process (e.g. { LANTERN_LOG_FILE = '/tmp/lantern.log' }).
  cmd_env = nil,
  -- Define the :Lantern* user commands.
  commands = true,
  -- Map `K` to hover in Lantern's buffers where Neovim does not (before 0.10 `K` runs 'keywordprg',
  -- e.g. pydoc); a buffer-local `K` of your own is left alone. false: never map it.
  map_hover = true,
  -- Completion as you type: ghost text on 0.12+ (vim.lsp.inline_completion), else Lantern's item
  -- through the built-in omnifunc (<C-x><C-o>; set where the buffer has none) and nvim-cmp's LSP
  -- source. false: the plugin wires nothing (the server's own switch: settings.completion.enabled).
  completion = true,
}

M.config = vim.deepcopy(defaults)

local NAME = 'lantern'
-- root_dir -> client id, for the 0.7–0.10 path (0.11's vim.lsp.enable keeps its own table).
local clients_by_root = {}

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

--- The running Lantern client attached to a buffer, if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = NAME })[1]
  end
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == NAME then
      return client
    end
  end
  return nil
end

--- Sends a request through a client: 0.11 made client methods take `self` (client:request).
function M.request(client, method, params, handler, bufnr)
  if has('0.11') then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

-- The nearest ancestor holding a root marker; without vim.fs (0.8+), walk up by hand.
local function root_dir(bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local dir = file ~= '' and vim.fn.fnamemodify(file, ':p:h') or vim.fn.getcwd()
  local current = dir
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if exists(current .. '/' .. marker) then
        return current
      end
    end
    local parent = vim.fn.fnamemodify(current, ':h')
    if parent == current then
      return dir
    end
    current = parent
  end
end

-- Neovim 0.10+ maps K to hover itself when a server attaches; older versions map nothing.
local function map_hover(bufnr)
  if not M.config.map_hover or has('0.10') then
    return
  end
  for _, mapping in ipairs(vim.api.nvim_buf_get_keymap(bufnr, 'n')) do
    if mapping.lhs == 'K' then
      return -- the user's own mapping (or ours from an earlier attach) stays
    end
  end
  vim.api.nvim_buf_set_keymap(bufnr, 'n', 'K', '<Cmd>lua vim.lsp.buf.hover()<CR>', {
    noremap = true,
    silent = true,
    desc = 'Lantern: hover',
  })
end

-- Completion in the buffer: inline on 0.12+, else the omnifunc (nvim-cmp needs nothing from us).
local function wire_completion(bufnr)
  if not M.config.completion then
    return
  end
  if vim.lsp.inline_completion and vim.lsp.inline_completion.enable then
    vim.lsp.inline_completion.enable(true, { bufnr = bufnr })
  elseif vim.bo[bufnr].omnifunc == '' then
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
end

-- Neovim's own capabilities, plus that this plugin asks for the instruction of a lantern.edit code
-- action (see edit_action in commands.lua): only then does the server offer "Edit selection…".
local function capabilities()
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.experimental = vim.tbl_extend('force', capabilities.experimental or {}, {
    lantern = { editPrompt = true },
  })
  return capabilities
end

local function client_config(root)
  return {
    name = NAME,
    capabilities = capabilities(),
    cmd = M.config.cmd,
    cmd_env = M.config.cmd_env,
    root_dir = root,
    workspace_folders = root and { { uri = vim.uri_from_fname(root), name = root } } or nil,
    -- initializationOptions carry settings the server only honours at startup (tests.trustedWorkspaces);
    -- `settings` answers its workspace/configuration pulls for the `lantern` section.
    init_options = M.config.settings,
    settings = { lantern = M.config.settings },
    on_attach = function(_, bufnr)
      map_hover(bufnr)
      wire_completion(bufnr)
    end,
  }
end

local function is_supported(filetype)
  return vim.tbl_contains(M.config.filetypes, filetype)
end

-- 0.7–0.10: one client per workspace root, attached to each matching buffer.
local function attach(bufnr)
  if not is_supported(vim.bo[bufnr].filetype) or vim.api.nvim_buf_get_name(bufnr) == '' then
    return
  end
  if M.client(bufnr) then
    return
  end
  local root = root_dir(bufnr)
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) or vim.lsp.get_client_by_id(id).is_stopped() then
    if vim.fn.executable(M.config.cmd[1]) ~= 1 then
      vim.notify_once('Lantern: `' .. M.config.cmd[1] .. '` is not executable; set `cmd` in setup().', vim.log.levels.ERROR)
      return
    end
    local config = client_config(root)
    config.on_exit = function()
      clients_by_root[root] = nil
    end
    id = vim.lsp.start_client(config)
    if not id then
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

local function enable_native()
  local config = client_config(nil)
  config.root_dir = nil
  config.workspace_folders = nil
  config.filetypes = M.config.filetypes
  config.root_markers = M.config.root_markers
  vim.lsp.config(NAME, config)
  vim.lsp.enable(NAME)
end

local function enable_legacy()
  local group = vim.api.nvim_create_augroup('lantern', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(event)
      attach(event.buf)
    end,
  })
  -- Buffers opened before setup() (e.g. `nvim file.py` with setup in a later -c) get attached too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      attach(bufnr)
    end
  end
end

--- Configures and enables Lantern. Call once, e.g. `require('lantern').setup({ settings = {...} })`.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then
    M.config.cmd = opts.cmd -- a list: replace it, never merge it index by index
  end
  if vim.lsp.config and vim.lsp.enable and has('0.11') then
    enable_native()
  else
    enable_legacy()
  end
  if M.config.commands then
    require('lantern.commands').register()
  end
  -- Runs in Neovim, not on the server: it asks for the instruction first.
  vim.lsp.commands['lantern.edit'] = require('lantern.commands').edit_action
end

return M
