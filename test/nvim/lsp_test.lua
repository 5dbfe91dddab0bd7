-- Neovim (0.7+) as a real LSP client of the HELM conf server: start it over stdio, attach, check
-- diagnostics, hover, completion and symbols, then shut it down. Each check is one line in the
-- results file: `PASS name` or `FAIL name: detail`. Exits with `cquit 1` when a check fails.
local server = os.getenv('HELM_LS_SERVER')
local results_path = os.getenv('HELM_NVIM_RESULTS')
local lines = {}
local failed = 0

local function check(name, ok, detail)
  if ok then
    table.insert(lines, 'PASS ' .. name)
  else
    failed = failed + 1
    table.insert(lines, 'FAIL ' .. name .. ': ' .. tostring(detail))
  end
end

local function finish()
  local f = io.open(results_path, 'w')
  if f then
    f:write(table.concat(lines, '\n') .. '\n')
    f:close()
  end
  if failed > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
end

local diagnostics = {}
local exit_code = nil
local capabilities = vim.lsp.protocol.make_client_capabilities()
capabilities.textDocument.completion.completionItem.snippetSupport = true

local client_id = vim.lsp.start_client({
  name = 'helm-conf',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
  capabilities = capabilities,
  init_options = { trusted = false },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if result then table.insert(diagnostics, result) end
    end,
  },
  on_exit = function(code) exit_code = code end,
})
check('the server starts', client_id ~= nil, 'vim.lsp.start_client returned nil')
if not client_id then return finish() end

local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'helm-conf'
vim.lsp.buf_attach_client(bufnr, client_id)

local initialized = vim.wait(10000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized == true
end, 20)
check('initialize answers with hover and completion', initialized and vim.lsp.get_client_by_id(client_id).server_capabilities.hoverProvider ~= nil,
  'no initialize result within 10 s')

-- The fixture's line 5 (0-based 4) names `mmluu`, which HELM does not know.
local got = vim.wait(10000, function() return #diagnostics > 0 end, 20)
local found = nil
if got then
  for _, d in ipairs(diagnostics[#diagnostics].diagnostics or {}) do
    if d.range.start.line == 4 and d.severity == 1 then found = d end
  end
end
check('diagnostics arrive: an error on the unknown run spec function', found ~= nil,
  got and vim.inspect(diagnostics[#diagnostics]) or 'no publishDiagnostics within 10 s')
if found then
  check('the diagnostic names the function and starts at it', found.message:find('mmluu', 1, true) ~= nil and found.range.start.character == 17,
    vim.inspect(found))
end

local function request(method, params)
  local answers, err = vim.lsp.buf_request_sync(bufnr, method, params, 5000)
  if not answers then return nil, err end
  local a = answers[client_id]
  if not a then return nil, 'no answer' end
  if a.err or a.error then return nil, vim.inspect(a.err or a.error) end
  return a.result, nil
end

local uri = vim.uri_from_bufnr(bufnr)
local hover, herr = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 3, character = 19 } })
local hover_text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
check('hover on a run spec function shows markdown about it', hover_text:find('mmlu', 1, true) ~= nil, herr or vim.inspect(hover))
check('hover on a description shows what it expands to', hover_text:find('RunSpec', 1, true) ~= nil, hover_text)

local completion, cerr = request('textDocument/completion', { textDocument = { uri = uri }, position = { line = 3, character = 17 } })
local items = completion and (completion.items or completion) or {}
local labels = {}
for _, item in ipairs(items) do labels[item.label] = true end
check('completion at the start of a description offers run spec functions', labels['mmlu'] == true and labels['boolq'] == true,
  cerr or (#items .. ' items'))

local symbols, serr = request('textDocument/documentSymbol', { textDocument = { uri = uri } })
local section = symbols and symbols[1]
check('document symbols group the entries under their heading',
  section ~= nil and section.name == 'Knowledge' and section.children ~= nil and #section.children == 3, serr or vim.inspect(symbols))

vim.lsp.stop_client(client_id)
local exited = vim.wait(5000, function() return exit_code ~= nil end, 20)
check('the server shuts down cleanly (exit code 0)', exited and exit_code == 0, 'exit code ' .. tostring(exit_code))
finish()
