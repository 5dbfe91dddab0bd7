// Command-line flags the way helm-run's argparse takes them: `--flag a b` takes values up to the next `--flag`.

export interface ParsedArgs {
  files: string[];
  flags: Map<string, string[]>;
}
/** argparse-like: `--flag a b` takes values up to the next `--flag`; `--flag=a` takes one; a boolean flag takes none. */
export function parseArgs(args: string[], multi: ReadonlySet<string>, single: ReadonlySet<string>, booleans: ReadonlySet<string> = new Set()): ParsedArgs | string {
  const files: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (booleans.has(name)) {
      if (eq >= 0) return `--${name} takes no value`;
      flags.set(name, []);
      continue;
    }
    if (!multi.has(name) && !single.has(name)) return `unknown option --${name}`;
    const values = flags.get(name) ?? [];
    if (eq >= 0) values.push(arg.slice(eq + 1));
    else if (single.has(name)) {
      if (i + 1 >= args.length) return `--${name} needs a value`;
      values.push(args[++i]);
    } else {
      const before = values.length;
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) values.push(args[++i]);
      if (values.length === before) return `--${name} needs at least one value`;
    }
    flags.set(name, values);
  }
  return { files, flags };
}

export function lastOf(flags: Map<string, string[]>, name: string): string | undefined {
  const v = flags.get(name);
  return v && v.length ? v[v.length - 1] : undefined;
}

/** `--help` or `-h` anywhere among a command's arguments. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
