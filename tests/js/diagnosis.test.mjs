// The diagnosis through the built package: the corpus rebuilt here with node:crypto equals the
// committed one, and every entry's mistakes come first; the search says what it covered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as paysign from 'paysign/debug';
import { buildCorpus, CORPUS_FILE } from './corpus.mjs';

const committed = JSON.parse(readFileSync(CORPUS_FILE, 'utf8'));

test('the committed corpus is what node:crypto makes now', () => {
  const rebuilt = buildCorpus(paysign);
  assert.ok(rebuilt.valid.length > 500, `${rebuilt.valid.length} entries`);
  assert.deepEqual(rebuilt, committed, 'run `node tests/js/corpus.mjs` and commit the result');
});

test('every corpus entry is diagnosed with its mistakes first', () => {
  const wrong = [];
  let pairs = 0;
  for (const e of committed.valid) {
    const r = paysign.debugAnalyse({ input: e.input, target: e.target, key: e.key, tdesKey: e.tdesKey, publicKey: e.publicKey, budgetMs: 60_000 });
    const got = (r.diagnosis[0]?.mistakes ?? []).map((m) => ({ id: m.id, field: m.field }));
    if (r.verdict !== 'mismatch' || JSON.stringify(got) !== JSON.stringify(e.expect)) wrong.push(`${e.name}: got ${r.diagnosis.map((h) => h.id).join(', ')}`);
    if (e.expect.length === 2) pairs++;
    // Only the best explanation carries a diff, and no key is in it.
    assert.ok(r.diagnosis[0].diff, e.name);
    assert.ok(!JSON.stringify(r).includes(e.key ?? '\0'), e.name);
  }
  assert.deepEqual(wrong, [], `${wrong.length} of ${committed.valid.length}`);
  assert.ok(pairs > 100, `${pairs} paired entries`);
});

test('the key is blamed only after every single and paired mistake was tried', () => {
  const key = 'corpusKey0123456789abcdefABCDEF';
  const src = 'instructCode=1&merchantCode=1000000267&outOrderId=A1&totalAmount=1&transTime=20150211155604&transType=00200';
  const sign = createHash('md5').update(`${src}&KEY=another-key`).digest('hex').toUpperCase();
  const r = paysign.debugAnalyse({ input: `${src}&sign=${sign}`, key, budgetMs: 60_000 });
  assert.equal(r.diagnosis[0].id, 'key-wrong');
  assert.equal(r.search.complete, true);
  assert.equal(r.search.tried, r.search.total);
  assert.match(r.diagnosis[0].en, new RegExp(`All ${r.search.tried} variants were tried`));
  // Out of time: the page does not blame the key.
  const cut = paysign.debugAnalyse({ input: `${src}&sign=${sign}`, key, budgetMs: 0 });
  assert.equal(cut.diagnosis[0].id, 'search-incomplete');
  assert.equal(cut.search.complete, false);
  assert.ok(cut.search.tried < cut.search.total);
});
