// The HTML of the results view: one row per RunSpec, one column per main metric. Pure, no VS Code.
import { RunSpecResult, resultColumns } from './runStats';

export interface ResultsPage {
  suite: string;
  suiteDir: string;
  results: RunSpecResult[];
  failed: string[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3);
}

/** A complete HTML page; `cspSource` is the webview's, so no script and no remote content can run. */
export function renderResultsHtml(page: ResultsPage, cspSource = "'none'"): string {
  const columns = resultColumns(page.results);
  const failed = new Set(page.failed);
  const header = ['RunSpec', 'split', ...columns].map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const rows = page.results
    .map((r) => {
      const status = failed.has(r.runSpec) ? ' class="failed"' : '';
      const cells = columns.map((c) => `<td class="num">${c in r.means ? formatNumber(r.means[c]) : ''}</td>`).join('');
      const note = failed.has(r.runSpec) ? 'failed' : (r.problem ?? r.split ?? '');
      return `<tr${status}><td>${escapeHtml(r.runSpec)}</td><td>${escapeHtml(note)}</td>${cells}</tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<title>HELM results: ${escapeHtml(page.suite)}</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 2px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failed td { color: var(--vscode-errorForeground); }
</style></head>
<body>
<h2>Suite ${escapeHtml(page.suite)}</h2>
<p>${page.results.length} RunSpecs, ${page.failed.length} failed · <code>${escapeHtml(page.suiteDir)}</code></p>
<table>
<thead><tr>${header}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body></html>
`;
}
