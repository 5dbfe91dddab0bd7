// SARIF 2.1.0 output: the rule table (help texts, default severities) and one result per diagnostic, with its fixes.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Severity } from '../common/diagnostic';
import { readVersion } from './version';

/** 1-based lines and columns; the end column is exclusive (SARIF's own convention). */
export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SarifRule {
  code: string;
  severity: Severity;
  description: string;
}

export interface SarifFinding extends Region {
  file: string;
  code: string;
  severity: Severity;
  message: string;
  fixes?: Array<{ title: string; edits: Array<Region & { newText: string }> }>;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const INFORMATION_URI = 'https://github.com/helm-tools/helm-run-entries';

function region(r: Region): Record<string, number> {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/** A path under `cwd` as a relative URI against %SRCROOT%; any other as a file: URI. */
function artifactLocation(file: string, cwd: string): Record<string, string> {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(abs).href };
}

/** The whole log: one run of `helm-conf`, with `rules` as its rule table. */
export function sarifLog(findings: readonly SarifFinding[], rules: readonly SarifRule[], cwd: string): object {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'helm-conf',
            version: readVersion(),
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({
              id: r.code,
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              help: { text: r.description, markdown: r.description },
              helpUri: `${INFORMATION_URI}#what-it-checks`,
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const location = artifactLocation(f.file, cwd);
          return {
            ruleId: f.code,
            ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: location, region: region(f) } }],
            ...(f.fixes && f.fixes.length
              ? {
                  fixes: f.fixes.map((x) => ({
                    description: { text: x.title },
                    artifactChanges: [{ artifactLocation: location, replacements: x.edits.map((e) => ({ deletedRegion: region(e), insertedContent: { text: e.newText } })) }],
                  })),
                }
              : {}),
          };
        }),
      },
    ],
  };
}
