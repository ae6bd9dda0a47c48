// Writes Hugging Face tokenizers' (the Rust library, through DJL's JNI build ai.djl.huggingface:tokenizers on Maven
// Central) BERT encodings of each line of a test text, for nabla's WordPiece reference test. A test-time oracle
// only: nothing of it ships with nabla.
// Fetch the jars (into ~/.m2):  mvn -q dependency:get -Dartifact=ai.djl.huggingface:tokenizers:0.38.0
// Run:  java -cp "$(tools/wordpiece/djl-classpath.sh)" tools/wordpiece/ReferenceIds.java VOCAB_TXT TEXT LOWERCASE > out.txt
// With --bench ROUNDS IDS_OUT after those three it instead encodes the whole text (no special tokens), best of ROUNDS
// after a warm-up, prints "seconds<TAB>chars<TAB>tokens" and writes the ids, one a line (nabla-bench/wordpiece-side-by-side.sh).
// It writes a BERT tokenizer.json for VOCAB_TXT (BertNormalizer with lowercase = LOWERCASE, BertPreTokenizer,
// WordPiece, [CLS] $A [SEP] $B:1 [SEP]:1), then prints one line per case, tab-separated:
//   single  i        ids  offsets(start-end, in code points)
//   pair    i j      ids  type_ids
//   STRATEGY i j MAX ids type_ids    (truncated pairs; STRATEGY longest_first, only_first or only_second)
//   decode  i SKIP   text            (decode of line i's ids, skipping special tokens if SKIP)
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

public class ReferenceIds {
    public static void main(String[] args) throws Exception {
        List<String> vocab = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        String[] lines = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).split("\n", -1);
        lines = Arrays.copyOf(lines, lines.length - 1); // the text ends with a newline
        boolean lower = Boolean.parseBoolean(args[2]);
        Path dir = Files.createTempDirectory("bert-tokenizer");
        dir.toFile().deleteOnExit();
        dir.resolve("tokenizer.json").toFile().deleteOnExit();
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < vocab.size(); i++) v.append(i == 0 ? "" : ",").append(quote(vocab.get(i))).append(':').append(i);
        String specials = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]").stream()
                .map(s -> "{\"id\":" + vocab.indexOf(s) + ",\"content\":" + quote(s) + ",\"single_word\":false,\"lstrip\":false,"
                        + "\"rstrip\":false,\"normalized\":false,\"special\":true}").collect(Collectors.joining(","));
        String cls = "{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}}", sep0 = "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}";
        String sep1 = "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":1}}";
        String a = "{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}", b = "{\"Sequence\":{\"id\":\"B\",\"type_id\":1}}";
        String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + specials + "],"
                + "\"normalizer\":{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":" + lower + "},"
                + "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},"
                + "\"post_processor\":{\"type\":\"TemplateProcessing\",\"single\":[" + cls + "," + a + "," + sep0 + "],\"pair\":[" + cls + "," + a + "," + sep0 + "," + b + "," + sep1 + "],"
                + "\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[" + vocab.indexOf("[CLS]") + "],\"tokens\":[\"[CLS]\"]},\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[" + vocab.indexOf("[SEP]") + "],\"tokens\":[\"[SEP]\"]}}},"
                + "\"decoder\":{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true},"
                + "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\",\"max_input_chars_per_word\":100,\"vocab\":{" + v + "}}}";
        Files.writeString(dir.resolve("tokenizer.json"), json, StandardCharsets.UTF_8);
        if (args.length == 6 && args[3].equals("--bench")) {
            bench(dir, Files.readString(Path.of(args[1]), StandardCharsets.UTF_8), Integer.parseInt(args[4]), Path.of(args[5]));
            return;
        }
        StringBuilder out = new StringBuilder();
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder().optTokenizerPath(dir).optAddSpecialTokens(true)
                .optTruncation(false).optPadding(false).build()) {
            for (int i = 0; i < lines.length; i++) {
                Encoding e = tok.encode(lines[i]);
                StringBuilder offsets = new StringBuilder();
                for (CharSpan s : e.getCharTokenSpans()) offsets.append(offsets.isEmpty() ? "" : " ").append(s == null ? "0-0" : s.getStart() + "-" + s.getEnd());
                out.append("single\t").append(i).append('\t').append(join(e.getIds())).append('\t').append(offsets).append('\n');
                for (boolean skip : new boolean[] {false, true})
                    out.append("decode\t").append(i).append('\t').append(skip).append('\t').append(tok.decode(e.getIds(), skip)).append('\n');
            }
            for (int i = 0; i + 1 < lines.length; i++) {
                Encoding e = tok.encode(lines[i], lines[i + 1]);
                out.append("pair\t").append(i).append('\t').append(i + 1).append('\t').append(join(e.getIds())).append('\t').append(join(e.getTypeIds())).append('\n');
            }
        }
        for (String strategy : List.of("longest_first", "only_first", "only_second")) {
            for (int max : new int[] {9, 16, 25}) {
                HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder().optTokenizerPath(dir).optAddSpecialTokens(true)
                        .optPadding(false).optTruncation(true).optMaxLength(max);
                if (strategy.equals("only_first")) builder.optTruncateFirstOnly();
                if (strategy.equals("only_second")) builder.optTruncateSecondOnly();
                try (HuggingFaceTokenizer tok = builder.build()) {
                    for (int i = 0; i + 1 < lines.length; i++) {
                        String ids, types;
                        try {
                            Encoding e = tok.encode(lines[i], lines[i + 1]);
                            ids = join(e.getIds());
                            types = join(e.getTypeIds());
                        } catch (RuntimeException ex) {
                            ids = "error";
                            types = "error";
                        }
                        out.append(strategy).append('\t').append(i).append('\t').append(i + 1).append('\t').append(max).append('\t').append(ids).append('\t').append(types).append('\n');
                    }
                }
            }
        }
        System.out.print(out);
    }

    static void bench(Path dir, String text, int rounds, Path idsOut) throws Exception {
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder().optTokenizerPath(dir).optAddSpecialTokens(false)
                .optTruncation(false).optPadding(false).build()) {
            long[] ids = tok.encode(text).getIds();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                ids = tok.encode(text).getIds();
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            StringBuilder out = new StringBuilder();
            for (long id : ids) out.append(id).append('\n');
            Files.writeString(idsOut, out);
            System.out.printf(java.util.Locale.ROOT, "%.6f\t%d\t%d%n", best, text.length(), ids.length);
        }
    }

    static String join(long[] a) {
        return Arrays.stream(a).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
