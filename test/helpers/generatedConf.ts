// Generated conf files of many entries, for the tests and benchmarks of long files.

/**
 * A generated conf file of `n` entries, one per line. 'diagnostics': each entry has a key HELM drops
 * (`prority`, a warning) and every 50th an unknown run spec function (an error): n × 1.02 diagnostics.
 * 'wildcards': each entry names the `text` wildcard (481 RunSpecs each with the snapshot).
 */
export function generatedConf(n: number, kind: 'diagnostics' | 'wildcards'): string {
  const lines = ['# generated', 'entries: ['];
  for (let i = 0; i < n; i++) {
    if (kind === 'wildcards') lines.push(`  {description: "mmlu:subject=s${i},model=text", priority: ${1 + (i % 5)}}`);
    else lines.push(`  {description: "${i % 50 === 0 ? 'mmluu' : 'mmlu'}:subject=s${i},model=openai/gpt2", prority: ${1 + (i % 5)}}`);
  }
  lines.push(']', '');
  return lines.join('\n');
}
