// The real corpus: every conf file parses without a syntax error, and yields exactly as many run entries as HELM reads.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseConf } from '../../server/src/parser/index';
import { corpusConfFiles, describeWithCorpus } from '../helpers/corpus';

/**
 * Live entries per file, as pyhocon itself reads them (`len(ConfigFactory.parse_file(f)['entries'])`,
 * pyhocon 0.3.x with pyparsing 3), not as this parser does: 4,297 in all.
 */
const HELM_ENTRY_COUNTS: ReadonlyArray<[file: string, entries: number]> = [
  ['run_entries.conf', 465],
  ['run_entries_air_bench.conf', 1],
  ['run_entries_air_bench_reasoning.conf', 1],
  ['run_entries_arabic.conf', 121],
  ['run_entries_arabic_enterprise.conf', 6],
  ['run_entries_audio.conf', 79],
  ['run_entries_audio_debug.conf', 1],
  ['run_entries_big_bench_lite.conf', 67],
  ['run_entries_biomedical.conf', 14],
  ['run_entries_capabilities.conf', 5],
  ['run_entries_capabilities_reasoning_deepseek_r1.conf', 5],
  ['run_entries_capabilities_reasoning_v2.conf', 5],
  ['run_entries_capabilities_v2.conf', 5],
  ['run_entries_cleva_v1.conf', 253],
  ['run_entries_codeinsights.conf', 15],
  ['run_entries_core_scenarios_10.conf', 38],
  ['run_entries_core_scenarios_100.conf', 38],
  ['run_entries_core_scenarios_1000.conf', 38],
  ['run_entries_core_scenarios_20.conf', 38],
  ['run_entries_core_scenarios_50.conf', 38],
  ['run_entries_core_scenarios_all.conf', 38],
  ['run_entries_dec2023.conf', 108],
  ['run_entries_decodingtrust.conf', 178],
  ['run_entries_ewok.conf', 11],
  ['run_entries_extra.conf', 305],
  ['run_entries_finance.conf', 3],
  ['run_entries_gpu.conf', 4],
  ['run_entries_heim.conf', 59],
  ['run_entries_heim_debug.conf', 2],
  ['run_entries_heim_human.conf', 46],
  ['run_entries_heim_human_eval.conf', 5],
  ['run_entries_image2struct.conf', 26],
  ['run_entries_interactive_qa.conf', 10],
  ['run_entries_legal.conf', 9],
  ['run_entries_lite.conf', 281],
  ['run_entries_lite_20240424.conf', 108],
  ['run_entries_lite_20240424_instruct.conf', 28],
  ['run_entries_lite_20240424_legalbench_instructions.conf', 28],
  ['run_entries_lite_20240424_nova.conf', 28],
  ['run_entries_lite_20240424_output_format_instructions.conf', 28],
  ['run_entries_lite_20240424_palmyra.conf', 28],
  ['run_entries_lmkt.conf', 3],
  ['run_entries_long_context.conf', 5],
  ['run_entries_medhelm_dspy.conf', 64],
  ['run_entries_medhelm_gated.conf', 143],
  ['run_entries_medhelm_private_stanford.conf', 338],
  ['run_entries_medhelm_public.conf', 221],
  ['run_entries_melt.conf', 115],
  ['run_entries_mmlu.conf', 57],
  ['run_entries_mmlu_winogrande_afr.conf', 44],
  ['run_entries_mmlu_winogrande_afr_instruct.conf', 44],
  ['run_entries_multimed_qa.conf', 11],
  ['run_entries_opinions_qa_ai21_default.conf', 16],
  ['run_entries_opinions_qa_ai21_steer.conf', 3],
  ['run_entries_opinions_qa_openai_default.conf', 16],
  ['run_entries_opinions_qa_openai_steer.conf', 3],
  ['run_entries_safety.conf', 5],
  ['run_entries_safety_palmyra_x5.conf', 5],
  ['run_entries_safety_reasoning.conf', 5],
  ['run_entries_seahelm.conf', 30],
  ['run_entries_seahelm_zero_shot.conf', 30],
  ['run_entries_slphelm.conf', 5],
  ['run_entries_small.conf', 4],
  ['run_entries_tiny.conf', 1],
  ['run_entries_torr.conf', 350],
  ['run_entries_unitxt.conf', 4],
  ['run_entries_vhelm.conf', 175],
  ['run_entries_vhelm_debug.conf', 1],
  ['run_entries_vhelm_lite.conf', 32],
  ['run_entries_video_understanding.conf', 1],
];

describeWithCorpus('corpus: HELM conf files', () => {
  const files = corpusConfFiles();

  it('holds the 70 files of the count table', () => {
    assert.deepStrictEqual(files.map((f) => path.basename(f)), HELM_ENTRY_COUNTS.map(([f]) => f));
  });

  it('reads 4,297 live entries in all, as pyhocon does', () => {
    const read = files.reduce((n, f) => n + parseConf(fs.readFileSync(f, 'utf8')).entries.length, 0);
    assert.strictEqual(read, 4297);
  });

  for (const [file, expected] of HELM_ENTRY_COUNTS) {
    it(`${file}: ${expected} entries, no syntax problem`, () => {
      const full = files.find((f) => path.basename(f) === file);
      assert.ok(full, `${file} is missing from the corpus`);
      const conf = parseConf(fs.readFileSync(full, 'utf8'));
      const errors = conf.problems.filter((p) => p.severity === 'error' && p.code !== 'description-syntax');
      assert.deepStrictEqual(errors.map((p) => `${p.code}: ${p.message}`), []);
      assert.strictEqual(conf.entries.length, expected);
      for (const e of conf.entries) assert.ok(e.description?.parsed, `entry ${e.index} has a string description`);
    });
  }
});
