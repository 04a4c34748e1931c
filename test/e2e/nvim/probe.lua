-- Headless Neovim 0.7 as an LSP client of the bundled server: waits for the diagnostics of the open
-- buffer, asks for the code actions at the first finding of PROBE_RULE, applies the first quick fix
-- that edits the text, waits for that finding to go, and writes what happened as one JSON object to
-- stdout (headless print() goes to stderr). Driven by scripts/e2e-nvim.mjs.
vim.g.loaded_python3_provider = 0
local rule = os.getenv('PROBE_RULE')
local timeout_ms = tonumber(os.getenv('PROBE_TIMEOUT_MS'))
local report = { diagnostics = {}, actions = {} }

local function finish(failure)
  report.failure = failure
  io.stdout:write(vim.fn.json_encode(report) .. '\n')
  io.stdout:flush()
  if failure then vim.cmd('cquit 1') else vim.cmd('qa!') end
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function probe()
  local bufnr = vim.api.nvim_get_current_buf()
  -- The init file runs before the file is loaded and filetype detection may be off: say it is Python.
  if vim.bo[bufnr].filetype ~= 'python' then vim.bo[bufnr].filetype = 'python' end
  local client_id = vim.lsp.start_client({
    name = 'concurrency-lint',
    cmd = { 'node', os.getenv('SERVER_JS'), '--stdio' },
    root_dir = vim.fn.getcwd(),
    settings = { concurrencyLint = { run = 'onType' } },
  })
  if not client_id then return finish('the language server did not start') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  if not vim.wait(timeout_ms, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
    return finish('no diagnostics arrived')
  end
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(report.diagnostics, { code = code_of(d), line = d.lnum, col = d.col, source = d.source, message = d.message })
    if code_of(d) == rule and not target then target = d end
  end
  if not target then return finish('no ' .. rule .. ' diagnostic') end

  local client = vim.lsp.get_client_by_id(client_id)
  local range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } }
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = range,
    context = { diagnostics = { { range = range, message = target.message, code = code_of(target), source = target.source, severity = target.severity } } },
  }
  local response = client.request_sync('textDocument/codeAction', params, timeout_ms, bufnr)
  if not response or response.err then return finish('codeAction failed: ' .. vim.inspect(response and response.err)) end
  local chosen
  for _, action in ipairs(response.result or {}) do
    table.insert(report.actions, action.title)
    if not chosen and action.edit and action.kind == 'quickfix' then chosen = action end
  end
  if not chosen then return finish('no quick fix with an edit') end
  report.applied = chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  report.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'

  local still = function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if code_of(d) == rule and d.lnum == target.lnum then return true end
    end
    return false
  end
  if not vim.wait(timeout_ms, function() return not still() end, 20) then
    return finish('the ' .. rule .. ' diagnostic stayed after the fix')
  end
  report.after = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(report.after, { code = code_of(d), line = d.lnum }) end
  vim.lsp.stop_client(client_id)
  finish(nil)
end

-- The file named on the command line is loaded after this init file: probe once it is.
vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(probe)
    if not ok then finish('error: ' .. tostring(err)) end
  end,
})
