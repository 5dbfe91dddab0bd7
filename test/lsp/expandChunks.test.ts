// helmConf/expandFile in chunks of lines (what "Show expanded RunSpecs" asks for): the chunks add up to the whole file.
import * as assert from 'assert';
import * as fs from 'fs';
import { EXPAND_FILE_REQUEST, type ExpandFileParams, type ExpandFileResult } from '../../server/src/common/protocol';
import { chunkRanges } from '../../client/src/runSpecsText';
import { corpusConfFiles, describeWithCorpus } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

describeWithCorpus('expandFile in chunks of lines', function (this: Mocha.Suite) {
  this.timeout(60000);
  let client: TestClient;
  after(() => client?.kill());

  it('gives, chunk after chunk, the entries of the whole file, each once and in order (run_entries.conf)', async () => {
    const file = corpusConfFiles().find((f) => f.endsWith('/run_entries.conf')) ?? corpusConfFiles()[0];
    const text = fs.readFileSync(file, 'utf8');
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    await client.open(fileUri(file), text, 1);
    await client.waitForDiagnostics(fileUri(file));
    const filters = { modelsToRun: ['openai/gpt2'] };
    const ask = (params: Partial<ExpandFileParams>): Promise<ExpandFileResult> =>
      client.connection.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, { uri: fileUri(file), filters, ...params });
    const whole = await ask({});
    const ranges = chunkRanges(text.split('\n').length);
    assert.ok(ranges.length > 2, `${ranges.length} chunks`);
    const chunks = [];
    for (const [fromLine, toLine] of ranges) chunks.push(...(await ask({ fromLine, toLine })).entries);
    assert.ok(whole.entries.length > 400, `${whole.entries.length} entries`);
    assert.deepEqual(chunks, whole.entries);
  });

  it('splits a file into a small first chunk and larger ones after it, to the last line', () => {
    assert.deepEqual(chunkRanges(10), [[0, 10]]);
    assert.deepEqual(chunkRanges(619), [[0, 40], [40, 240], [240, 440], [440, 619]]);
    assert.deepEqual(chunkRanges(240), [[0, 40], [40, 240]]);
  });
});
