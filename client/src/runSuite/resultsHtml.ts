// The HTML of the results view: a sortable table of every RunSpec's status, reason, metrics and files. Pure, no VS Code.
import * as path from 'node:path';
import { countStatuses, countsText, RunSpecOutcome, RunSpecStatus } from './runOutcome';
import { resultColumns, RunSpecResult } from './runStats';

export interface ResultRow {
  outcome: RunSpecOutcome;
  /** stats.json's numbers and which output files exist. */
  result?: RunSpecResult;
}

export interface ResultsPage {
  suite: string;
  suiteDir: string;
  suiteDirExists: boolean;
  /** helm-run's log of this run. */
  logFile?: string;
  rows: ResultRow[];
  /** helm-run's own error, when it crashed. */
  crash?: { text: string; line: number };
}

/** What a link of the page opens; the page names a link by its index only, so it can open nothing else. */
export interface ResultLink {
  kind: 'file' | 'folder';
  path: string;
  /** 0-based line to show. */
  line?: number;
}

export interface RenderedResults {
  html: string;
  links: ResultLink[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3);
}

const STATUS_ORDER: Record<RunSpecStatus, number> = { failed: 0, cancelled: 1, skipped: 2, done: 3 };

/** Sorts the table by a clicked column (numbers as numbers, empty cells last) and posts link clicks. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (link) {
    event.preventDefault();
    vscode.postMessage({ link: Number(link.dataset.link) });
    return;
  }
  const button = event.target.closest('th[data-sort] button');
  if (button) sortBy(button.closest('th'));
});
function sortBy(th) {
  const header = th.parentNode;
  const column = [...header.children].indexOf(th);
  const numeric = th.dataset.sort === 'number';
  const direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
  for (const other of header.children) {
    other.removeAttribute('aria-sort');
    other.querySelector('.arrow').textContent = '';
  }
  th.setAttribute('aria-sort', direction);
  th.querySelector('.arrow').textContent = direction === 'ascending' ? ' ▲' : ' ▼';
  const body = th.closest('table').tBodies[0];
  const key = (row) => {
    const cell = row.cells[column];
    const value = cell.dataset.value ?? cell.textContent.trim();
    return numeric ? (value === '' ? NaN : Number(value)) : value;
  };
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const emptyX = numeric ? Number.isNaN(x) : x === '';
    const emptyY = numeric ? Number.isNaN(y) : y === '';
    if (emptyX || emptyY) return emptyX === emptyY ? 0 : emptyX ? 1 : -1;
    const order = numeric ? x - y : String(x).localeCompare(String(y));
    return direction === 'ascending' ? order : -order;
  });
  for (const row of rows) body.appendChild(row);
}
`;

/** A complete HTML page; `cspSource` and `nonce` are the webview's: only the page's own script runs. */
export function renderResultsHtml(page: ResultsPage, cspSource = "'none'", nonce = 'results'): RenderedResults {
  const links: ResultLink[] = [];
  const link = (target: ResultLink, text: string, title: string): string => {
    links.push(target);
    return `<a href="#" data-link="${links.length - 1}" title="${escapeHtml(title)}">${escapeHtml(text)}</a>`;
  };
  const columns = resultColumns(page.rows.flatMap((r) => (r.result ? [r.result] : [])));
  const counts = countStatuses(page.rows.map((r) => r.outcome));

  const header = [
    ['status', 'text'],
    ['RunSpec', 'text'],
    ['reason', 'text'],
    ['split', 'text'],
    ...columns.map((c) => [c, 'number']),
    ['files', 'text'],
  ]
    .map(([name, sort]) => `<th data-sort="${sort}"><button type="button">${escapeHtml(name)}<span class="arrow"></span></button></th>`)
    .join('');
  const rows = page.rows
    .map(({ outcome, result }) => {
      const runDir = path.join(page.suiteDir, outcome.runSpec);
      const reasonText = outcome.reason ?? (outcome.status === 'done' ? '' : result?.problem ?? '');
      const log = outcome.logFile ?? page.logFile;
      const reason =
        reasonText && outcome.logLine !== undefined && log
          ? link({ kind: 'file', path: log, line: outcome.logLine }, reasonText, `${outcome.logFile ? 'The worker' : 'helm-run'}'s log, line ${outcome.logLine + 1}`)
          : escapeHtml(reasonText);
      const cells = columns.map((c) => {
        const value = result?.means[c];
        return value === undefined ? '<td class="num" data-value=""></td>' : `<td class="num" data-value="${value}">${formatNumber(value)}</td>`;
      });
      const files = [
        ...(result?.folder ? [link({ kind: 'folder', path: runDir }, 'folder', runDir)] : []),
        ...(result?.files ?? []).map((f) => link({ kind: 'file', path: path.join(runDir, f) }, f, path.join(runDir, f))),
      ].join(' ');
      return (
        `<tr class="${outcome.status}"><td data-value="${STATUS_ORDER[outcome.status]}">${outcome.status}</td>` +
        `<td>${escapeHtml(outcome.runSpec)}</td><td class="reason">${reason}</td><td>${escapeHtml(result?.split ?? '')}</td>` +
        `${cells.join('')}<td class="files">${files}</td></tr>`
      );
    })
    .join('\n');

  const where = page.suiteDirExists ? link({ kind: 'folder', path: page.suiteDir }, page.suiteDir, 'Open the results folder') : `${escapeHtml(page.suiteDir)} (not written)`;
  const log = page.logFile ? ` · ${link({ kind: 'file', path: page.logFile }, "helm-run's log", page.logFile)}` : '';
  const crash =
    page.crash && page.logFile
      ? `<p class="crash">helm-run stopped with an error: ${link({ kind: 'file', path: page.logFile, line: page.crash.line }, page.crash.text, `helm-run's log, line ${page.crash.line + 1}`)}</p>`
      : '';
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<title>HELM results: ${escapeHtml(page.suite)}</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 2px 8px; text-align: left; vertical-align: top; }
th button { all: unset; cursor: pointer; font-weight: bold; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.reason { min-width: 16em; max-width: 40em; overflow-wrap: anywhere; }
td.files { min-width: 12em; }
tr.failed td:first-child, .crash { color: var(--vscode-errorForeground); }
tr.cancelled td:first-child, tr.skipped td:first-child { color: var(--vscode-descriptionForeground); }
a { color: var(--vscode-textLink-foreground); }
</style></head>
<body>
<h2>Suite ${escapeHtml(page.suite)}</h2>
<p>${page.rows.length} RunSpecs: ${countsText(counts)} · ${where}${log}</p>
${crash}
<table>
<thead><tr>${header}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>
`;
  return { html, links };
}
