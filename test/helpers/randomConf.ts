// Run entry files made at random for tests that compare readings (the parser, the formatter, pyhocon, HELM's reader): entries of a few fields, with odd values, tabs, comments, missing commas, values, braces and brackets.
const KEYS = ['description', 'description', 'priority', 'groups', 'prio', '"description"', 'description.x', 'x y'];
const SEPARATORS = [': ', ': ', ':', '=', ' = ', ' ', '\t: '];
const VALUES = [
  '"mmlu:subject=anatomy"', '"a:x=1"', 'mmlu', '1', '2', '"1"', '1.0', 'true', 'null', '-1', '["g"]', '["g", 2]', '[]', '{}', '{n: 1}',
  '"a" "b"', '[1] [2]', '""', '"""t"""', '"""x"', 'x \\ ', 'x\\ y', 'a\tb',
];
const AFTER_FIELD = [', ', ',', '\n', ' ', ', ', '  # c\n', '\t,'];
const HEADS = ['entries: [\n', 'entries: [', 'entries = [ # top\n', 'entries += [\n', 'entries: {\n', 'x: 1\nentries: [\n', '# h\nentries: [\n'];
const INDENTS = ['  ', '', '\t', '    '];
const AFTER_ENTRY = ['\n', ',\n', ', ', '\n', '\n# c\n', ' '];
const CLOSES = [']\n', ']', '  ]  # e\n'];
const TAILS = ['entries += [{description: "z"}]\n', '# c\n', 'entries: []\n', 'y = "s"\n'];

/** A run entry file of up to four entries of up to three fields, now and then missing a value, a brace or a bracket. */
export function randomRunEntryFile(rnd: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  let text = pick(HEADS);
  const entries = Math.floor(rnd() * 5);
  for (let i = 0; i < entries; i++) {
    let entry = '{';
    const fields = Math.floor(rnd() * 4);
    for (let j = 0; j < fields; j++) entry += pick(KEYS) + pick(SEPARATORS) + (rnd() < 0.9 ? pick(VALUES) : '') + pick(AFTER_FIELD);
    if (rnd() < 0.97) entry += '}';
    text += pick(INDENTS) + entry + pick(AFTER_ENTRY);
  }
  if (rnd() < 0.97) text += pick(CLOSES);
  if (rnd() < 0.15) text += pick(TAILS);
  return text;
}
