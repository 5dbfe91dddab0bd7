// Seeded fuzzing of the conf parser: mutated corpus files (or our fixtures) never throw, and every span stays inside the document.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Span } from '../../server/src/common/span';
import { parseConf } from '../../server/src/parser/index';
import type { ConfFile, HoconObject, HoconValue } from '../../server/src/parser/types';
import { corpusConfFiles, fixturePath } from '../helpers/corpus';
import { seededRandom } from '../helpers/random';


const SPECIAL = ['{', '}', '[', ']', '"', '"""', ',', ':', '=', '+=', '#', '//', '\n', '\r', '\t', ' ', '\\', '${', '\u00a0', '\ufeff', '\f', 'é', '\ud83d'];

export function mutate(text: string, rnd: () => number): string {
  const pick = (n: number) => Math.floor(rnd() * n);
  const lines = text.split('\n');
  switch (pick(9)) {
    case 0: {
      const i = pick(text.length + 1);
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 1: {
      const i = pick(text.length + 1);
      return text.slice(0, i) + text.charAt(i) + text.slice(i);
    }
    case 2: {
      const i = pick(Math.max(1, text.length - 1));
      return text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
    }
    case 3:
      lines.splice(pick(lines.length), 1);
      return lines.join('\n');
    case 4: {
      const i = pick(lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 5: {
      const i = pick(lines.length);
      const j = pick(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 6:
      return text.slice(0, pick(text.length + 1));
    default: {
      const i = pick(text.length + 1);
      return text.slice(0, i) + SPECIAL[pick(SPECIAL.length)] + text.slice(i);
    }
  }
}

/** Every span the model exposes. */
function spans(conf: ConfFile): Span[] {
  const out: Span[] = [];
  const value = (v: HoconValue | undefined): void => {
    if (!v) return;
    out.push(v.span);
    if (v.kind === 'object') object(v);
    else if (v.kind === 'array') v.items.forEach(value);
    else if (v.kind === 'concatenation') {
      v.parts.forEach(value);
      if (v.offsetOf && v.value !== undefined) out.push({ start: v.offsetOf(0), end: v.offsetOf(v.value.length) });
    } else if (v.kind === 'string') {
      out.push(v.contentSpan, { start: v.offsetOf(0), end: v.offsetOf(v.value.length) });
    }
  };
  const object = (o: HoconObject): void => {
    out.push(o.span);
    for (const f of o.fields) {
      out.push(f.span, f.key.span);
      if (f.separator) out.push(f.separator.span);
      value(f.value);
    }
    for (const i of o.includes) out.push(i.span);
  };
  object(conf.root);
  for (const c of conf.comments) out.push(c.span);
  for (const p of conf.problems) {
    out.push(p.span);
    for (const f of p.fixes ?? []) for (const e of f.edits) out.push(e.span);
    for (const r of p.related ?? []) if (r.span) out.push(r.span);
  }
  for (const e of conf.entries) {
    out.push(e.node.span);
    const d = e.description?.parsed;
    if (d) {
      out.push(d.name.span, ...d.commas);
      if (d.colon) out.push(d.colon);
      for (const a of d.args) {
        out.push(a.piece.span, a.key.span);
        if (a.equals) out.push(a.equals);
        if (a.value) out.push(a.value.span);
      }
    }
  }
  return out;
}

export function seeds(): Array<{ name: string; text: string }> {
  const corpus = corpusConfFiles();
  const files = corpus.length ? corpus : fs.readdirSync(fixturePath('conf')).map((f) => fixturePath('conf', f));
  return files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') }));
}

/** A window of about 40 lines, so each parse stays small and thousands fit in a few seconds. */
export function window(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  if (lines.length <= 40) return text;
  const start = Math.floor(rnd() * (lines.length - 40));
  return lines.slice(start, start + 40).join('\n');
}

describe('fuzz: mutated conf files', () => {
  const ROUNDS = 4000;
  it(`${ROUNDS} mutations: no exception, every span inside the document`, () => {
    const inputs = seeds();
    assert.ok(inputs.length > 0, 'no seed files');
    const rnd = seededRandom(20260628);
    for (let round = 0; round < ROUNDS; round++) {
      const seed = inputs[round % inputs.length];
      let text = window(seed.text, rnd);
      const steps = 1 + Math.floor(rnd() * 4);
      for (let s = 0; s < steps; s++) text = mutate(text, rnd);
      let conf: ConfFile;
      try {
        conf = parseConf(text);
      } catch (err) {
        assert.fail(`round ${round} (${seed.name}) threw ${String(err)} on ${JSON.stringify(text.slice(0, 300))}`);
      }
      assert.ok(!conf.problems.some((p) => p.message.startsWith('This file could not be read')), `round ${round}: ${conf.problems[0]?.message}`);
      for (const sp of spans(conf)) {
        if (!(sp.start >= 0 && sp.end <= text.length && sp.start <= sp.end)) {
          assert.fail(`round ${round} (${seed.name}): span ${JSON.stringify(sp)} outside [0, ${text.length}] in ${JSON.stringify(text.slice(0, 300))}`);
        }
      }
    }
  });
});
