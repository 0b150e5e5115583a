// 3DES of card fields against node:crypto's des-ede3 / des-ede3-cbc / des-ede / des-ede-cbc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { tdesEncrypt, tdesDecrypt } from 'paysign';
import { vectors, rng, randomText, throwsCode } from './helpers.mjs';

function nodeEncrypt(plain, keyBytes, { mode = 'ecb', iv, padding = 'pkcs7', output = 'base64' }) {
  const algo = `${keyBytes.length === 24 ? 'des-ede3' : 'des-ede'}${mode === 'cbc' ? '-cbc' : ''}`;
  const c = createCipheriv(algo, keyBytes, mode === 'cbc' ? iv : null);
  let data = Buffer.from(plain, 'utf8');
  if (padding === 'zero') {
    c.setAutoPadding(false);
    data = Buffer.concat([data, Buffer.alloc((8 - (data.length % 8)) % 8)]);
  }
  return Buffer.concat([c.update(data), c.final()]).toString(output);
}

function nodeDecrypt(ct, keyBytes, { mode = 'ecb', iv, padding = 'pkcs7', output = 'base64' }) {
  const algo = `${keyBytes.length === 24 ? 'des-ede3' : 'des-ede'}${mode === 'cbc' ? '-cbc' : ''}`;
  const d = createDecipheriv(algo, keyBytes, mode === 'cbc' ? iv : null);
  if (padding === 'zero') d.setAutoPadding(false);
  let out = Buffer.concat([d.update(Buffer.from(ct, output)), d.final()]);
  if (padding === 'zero') out = out.subarray(0, out.length - (out.length - (out.findLastIndex((b) => b !== 0) + 1)));
  return out.toString('utf8');
}

test('published known answers (NIST SP 800-67)', () => {
  for (const v of vectors('tdes.json').valid) {
    assert.equal(tdesEncrypt(v.plaintext, v.key, v.options), v.ciphertext, v.name);
    assert.equal(tdesDecrypt(v.ciphertext, v.key, v.options), v.plaintext, v.name);
  }
});

test('every option combination agrees with node:crypto both ways', () => {
  const r = rng(3);
  let n = 0;
  for (const keyLen of [24, 16]) {
    for (const keyEncoding of ['utf8', 'base64', 'hex']) {
      for (const mode of ['ecb', 'cbc']) {
        for (const padding of ['pkcs7', 'zero']) {
          for (const output of ['base64', 'hex']) {
            for (const ivEncoding of mode === 'cbc' ? ['utf8', 'hex', 'base64'] : [undefined]) {
              for (let i = 0; i < 8; i++) {
                // utf8 keys are printable characters, as merchants type them.
                const keyBytes = Buffer.from(Array.from({ length: keyLen }, () => 33 + Math.floor(r() * 94)));
                const key = keyEncoding === 'utf8' ? keyBytes.toString('latin1') : keyBytes.toString(keyEncoding);
                const ivBytes = Buffer.from(Array.from({ length: 8 }, () => 33 + Math.floor(r() * 94)));
                const iv = ivEncoding === undefined ? undefined : ivEncoding === 'utf8' ? ivBytes.toString('latin1') : ivBytes.toString(ivEncoding);
                // zero padding cannot carry trailing NULs; card fields never have them.
                const plain = i === 0 ? '' : i === 1 ? '6222021234567890123' : randomText(r).replaceAll('\0', '');
                const opts = { mode, padding, keyEncoding, output, iv, ivEncoding };
                const ours = tdesEncrypt(plain, key, opts);
                const theirs = nodeEncrypt(plain, keyBytes, { mode, iv: ivBytes, padding, output });
                assert.equal(ours, theirs, JSON.stringify({ keyLen, ...opts, plain }));
                assert.equal(tdesDecrypt(theirs, key, opts), plain);
                if (plain) assert.equal(nodeDecrypt(ours, keyBytes, { mode, iv: ivBytes, padding, output }), plain);
                n++;
              }
            }
          }
        }
      }
    }
  }
  assert.ok(n >= 600, `${n} cases`);
});

test('defaults are DESede/ECB/PKCS5 with a 24-character key and base64 out', () => {
  const key = 'abcdefghijklmnopqrstuvwx';
  assert.equal(tdesEncrypt('6222021234567890123', key), nodeEncrypt('6222021234567890123', Buffer.from(key), {}));
});

test('bad keys, IVs, ciphertext and options are typed errors', () => {
  const key = 'abcdefghijklmnopqrstuvwx';
  const e = throwsCode(assert, () => tdesEncrypt('x', 'short-key'), 'BAD_KEY', 'key');
  assert.ok(!e.message.includes('short-key'), 'the key never appears in an error');
  throwsCode(assert, () => tdesEncrypt('x', 'a'.repeat(25)), 'BAD_KEY');
  throwsCode(assert, () => tdesEncrypt('x', '!!!', { keyEncoding: 'hex' }), 'BAD_KEY');
  throwsCode(assert, () => tdesEncrypt('x', key, { mode: 'cbc' }), 'BAD_IV');
  throwsCode(assert, () => tdesEncrypt('x', key, { mode: 'cbc', iv: '1234567' }), 'BAD_IV');
  throwsCode(assert, () => tdesEncrypt('x', key, { mode: 'cbc', iv: 'zz', ivEncoding: 'hex' }), 'BAD_IV');
  throwsCode(assert, () => tdesDecrypt('not base64!', key), 'BAD_CIPHERTEXT');
  throwsCode(assert, () => tdesDecrypt('AAAA', key), 'BAD_CIPHERTEXT');
  throwsCode(assert, () => tdesDecrypt(tdesEncrypt('x', key), 'b'.repeat(24)), 'BAD_PADDING');
  const notUtf8 = nodeEncrypt('', Buffer.from(key), {}) && Buffer.from(createCipheriv('des-ede3', Buffer.from(key), null).update(Buffer.from([0xff, 0xfe, 0, 0, 0, 0, 0, 0]))).toString('base64');
  throwsCode(assert, () => tdesDecrypt(notUtf8, key, { padding: 'zero' }), 'BAD_ENCODING', 'plaintext');
  throwsCode(assert, () => tdesEncrypt('x', key, { mode: 'ofb' }), 'BAD_OPTION', 'mode');
  throwsCode(assert, () => tdesEncrypt('x', key, { padding: 'iso' }), 'BAD_OPTION', 'padding');
  throwsCode(assert, () => tdesEncrypt('x', key, { output: 'utf8' }), 'BAD_OPTION', 'output');
  throwsCode(assert, () => tdesEncrypt('x', key, { keyEncoding: 'latin1' }), 'BAD_OPTION', 'keyEncoding');
  throwsCode(assert, () => tdesEncrypt('x', key, { mode: 5 }), 'BAD_TYPE', 'options.mode');
  throwsCode(assert, () => tdesEncrypt('x', key, []), 'BAD_TYPE', 'options');
});
