-- Neovim (0.7+) as a real LSP client of the HELM conf server, set up by the README's own snippet (run.ts
-- extracts it): open a conf file, check what the user sees (diagnostics, hover, completion, symbols),
-- then stop the server. Each check is one line in the results file: `PASS name` or `FAIL name: detail`.
-- Exits with `cquit 1` when a check fails.
local snippet = os.getenv('HELM_NVIM_SNIPPET')
local conf_file = os.getenv('HELM_NVIM_FILE')
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

-- Watch the client the snippet starts (its config as written, plus a way to see the exit code).
local started_config = nil
local exit_code = nil
local start_client = vim.lsp.start_client
vim.lsp.start_client = function(config)
  started_config = config
  local on_exit = config.on_exit
  config.on_exit = function(code, signal, id)
    exit_code = code
    if on_exit then on_exit(code, signal, id) end
  end
  return start_client(config)
end

-- The README's setup, as a user pastes it into init.lua; then the user opens a conf file.
local ok, err = pcall(dofile, snippet)
check('the README snippet runs', ok, err)
if not ok then return finish() end
vim.cmd('edit ' .. vim.fn.fnameescape(conf_file))
local bufnr = vim.api.nvim_get_current_buf()
check('opening a run_entries*.conf file sets its filetype to helm-conf', vim.bo[bufnr].filetype == 'helm-conf', vim.bo[bufnr].filetype)
check('the snippet starts the server with npx helm-conf-language-server --stdio',
  started_config ~= nil and table.concat(started_config.cmd, ' ') == 'npx helm-conf-language-server --stdio', vim.inspect(started_config and started_config.cmd))

local client = nil
local attached = vim.wait(20000, function()
  client = vim.lsp.buf_get_clients(bufnr)[next(vim.lsp.buf_get_clients(bufnr)) or 0]
  return client ~= nil and client.initialized == true
end, 20)
check('the server is attached to the buffer and initialized', attached, 'no initialized client within 20 s')
if not attached then return finish() end

-- The fixture's line 5 (0-based 4) names `mmluu`, which HELM does not know: an error, as the user sees it.
local found = nil
local got = vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.lnum == 4 and d.severity == vim.diagnostic.severity.ERROR then found = d end
  end
  return found ~= nil
end, 20)
check('an error on the unknown run spec function shows in the buffer', got, vim.inspect(vim.diagnostic.get(bufnr)))
if found then
  check('the error names the function and starts at it', found.message:find('mmluu', 1, true) ~= nil and found.col == 17, vim.inspect(found))
  check('it is the only diagnostic of the buffer', #vim.diagnostic.get(bufnr) == 1, vim.inspect(vim.diagnostic.get(bufnr)))
end

local function request(method, params)
  local answers, rerr = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  if not answers then return nil, rerr end
  local a = answers[client.id]
  if not a then return nil, 'no answer' end
  if a.err or a.error then return nil, vim.inspect(a.err or a.error) end
  return a.result, nil
end

local uri = vim.uri_from_bufnr(bufnr)
local hover, herr = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 3, character = 19 } })
local hover_text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
check('hover on a run spec function shows its signature', hover_text:find('mmlu(subject: str', 1, true) ~= nil, herr or hover_text)
check('hover on a description shows the RunSpec it expands to',
  hover_text:find('mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2', 1, true) ~= nil, hover_text)

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

vim.lsp.stop_client(client.id)
local exited = vim.wait(10000, function() return exit_code ~= nil end, 20)
check('the server shuts down cleanly (exit code 0)', exited and exit_code == 0, 'exit code ' .. tostring(exit_code))
finish()
