// VS Code's `files.exclude` glob patterns (`**/node_modules`, `build/*.conf`, `{a,b}`, `[abc]`) as a test on workspace-relative paths.

/** The regular expression of one glob (matched against a whole `/`-separated relative path). */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` is any number of folders (none too); `**` elsewhere is anything.
        if (glob[i + 2] === '/') {
          out += '(?:[^/]*/)*';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inBraces++;
      out += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      out += ')';
    } else if (c === ',' && inBraces > 0) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  while (inBraces-- > 0) out += ')';
  return new RegExp(`^${out}$`);
}

/** A test built from a `files.exclude` value: the patterns set to `true` (conditional ones, `{when: …}`, are left out). */
export function excludeMatcher(setting: unknown): (relativePath: string) => boolean {
  const patterns: RegExp[] = [];
  if (setting && typeof setting === 'object') {
    for (const [glob, on] of Object.entries(setting as Record<string, unknown>)) {
      if (on !== true) continue;
      try {
        patterns.push(globToRegExp(glob.replace(/\/+$/, '')));
      } catch {
        // A pattern that makes no regular expression excludes nothing.
      }
    }
  }
  if (patterns.length === 0) return () => false;
  // A pattern that names a folder excludes everything in it: test the path and each of its parents.
  return (relativePath: string): boolean => {
    const parts = relativePath.split('/');
    for (let n = parts.length; n > 0; n--) {
      const p = parts.slice(0, n).join('/');
      if (patterns.some((re) => re.test(p))) return true;
    }
    return false;
  };
}
