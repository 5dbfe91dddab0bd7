// The package's version, for `--version` and the SARIF log's tool.
import * as path from 'path';

export function readVersion(): string {
  // The bundle in dist/, or the tsc output in out/server/src/cli/.
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', '..', 'package.json')]) {
    try {
      return (require(candidate) as { version: string }).version;
    } catch {
      // try the next layout
    }
  }
  return 'unknown';
}
