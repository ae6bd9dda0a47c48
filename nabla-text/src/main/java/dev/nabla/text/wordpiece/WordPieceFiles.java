package dev.nabla.text.wordpiece;

import dev.nabla.io.Json;
import dev.nabla.util.Files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing BERT tokenizers: vocab.txt (one token a line, the line number less one its id) with the casing
 * rules of tokenizer_config.json, and Hugging Face's tokenizer.json when its model is WordPiece (a tokenizer.json nabla
 * writes for bert-base-uncased gives Hugging Face tokenizers the same ids on the reference test text). Errors name the
 * file.
 */
public final class WordPieceFiles {
    private WordPieceFiles() {}

    /**
     * Loads a folder as Hugging Face's BertTokenizerFast does: tokenizer.json if there is one, else vocab.txt with
     * do_lower_case, strip_accents and tokenize_chinese_chars from tokenizer_config.json (lower-casing by default).
     */
    public static BertTokenizer load(Path dir) throws IOException {
        if (java.nio.file.Files.isRegularFile(dir.resolve("tokenizer.json"))) return loadTokenizerJson(dir.resolve("tokenizer.json"));
        Path vocab = dir.resolve("vocab.txt");
        if (!java.nio.file.Files.isRegularFile(vocab)) throw new IOException(dir + ": no tokenizer.json or vocab.txt");
        Path config = dir.resolve("tokenizer_config.json");
        if (!java.nio.file.Files.isRegularFile(config)) return loadVocab(vocab, BasicTokenizer.Options.UNCASED);
        if (!(parse(config) instanceof Map<?, ?> c)) throw bad(config, "the top level is not an object");
        boolean lower = flag(c, "do_lower_case", true, config);
        boolean chinese = flag(c, "tokenize_chinese_chars", true, config);
        boolean strip = c.get("strip_accents") == null ? lower : flag(c, "strip_accents", lower, config);
        BasicTokenizer.Options options = new BasicTokenizer.Options(true, chinese, strip, lower);
        try {
            return new BertTokenizer(new WordPiece(readVocab(vocab), string(c, "unk_token", "[UNK]", config)), options,
                    string(c, "cls_token", "[CLS]", config), string(c, "sep_token", "[SEP]", config),
                    string(c, "pad_token", "[PAD]", config), string(c, "mask_token", "[MASK]", config), List.of());
        } catch (IllegalArgumentException e) {
            throw bad(dir, e.getMessage());
        }
    }

    /**
     * Writes a folder that {@link #load} and Hugging Face's BertTokenizer / BertTokenizerFast read as tok: vocab.txt,
     * tokenizer.json and tokenizer_config.json (the casing rules and special tokens).
     */
    public static void save(BertTokenizer tok, Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        saveVocab(tok.model(), dir.resolve("vocab.txt"));
        saveTokenizerJson(tok, dir.resolve("tokenizer.json"));
        BasicTokenizer.Options o = tok.options();
        Map<String, Object> config = map("tokenizer_class", "BertTokenizer", "do_lower_case", o.lowercase(), "strip_accents", o.stripAccents(),
                "tokenize_chinese_chars", o.handleChineseChars(), "unk_token", tok.unkToken(), "cls_token", tok.clsToken(),
                "sep_token", tok.sepToken(), "pad_token", tok.padToken(), "mask_token", tok.maskToken());
        Files.writeAtomically(dir.resolve("tokenizer_config.json"), (Json.write(config, 2) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The tokens of a vocab.txt, in id order. */
    public static List<String> readVocab(Path file) throws IOException {
        String text = read(file);
        List<String> tokens = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (!tokens.isEmpty() && tokens.getLast().isEmpty()) tokens.removeLast();
        if (tokens.isEmpty()) throw bad(file, "the vocabulary is empty");
        return tokens;
    }

    /** A BERT tokenizer over a vocab.txt with [UNK] [CLS] [SEP] [PAD] [MASK]. */
    public static BertTokenizer loadVocab(Path file, BasicTokenizer.Options options) throws IOException {
        try {
            return new BertTokenizer(new WordPiece(readVocab(file), "[UNK]"), options);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    /** Writes the tokens in id order, one a line, atomically. */
    public static void saveVocab(WordPiece model, Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String t : model.tokens()) {
            if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) throw new IllegalArgumentException(file + ": token " + t + " holds a line break");
            out.append(t).append('\n');
        }
        Files.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a Hugging Face tokenizer.json (atomically) that tokenizers and {@link #loadTokenizerJson} read as this
     * tokenizer: BertNormalizer, BertPreTokenizer, WordPiece, BERT's template, the special tokens, truncation and padding.
     */
    public static void saveTokenizerJson(BertTokenizer tok, Path file) throws IOException {
        WordPiece wp = tok.model();
        BasicTokenizer.Options o = tok.options();
        List<Object> added = new ArrayList<>();
        for (int id = 0; id < tok.size(); id++) {
            if (!tok.isSpecial(id)) continue;
            added.add(map("id", id, "content", tok.token(id), "single_word", false, "lstrip", false, "rstrip", false,
                    "normalized", false, "special", true));
        }
        Map<String, Object> specials = new LinkedHashMap<>();
        for (String s : List.of(tok.clsToken(), tok.sepToken()))
            specials.put(s, map("id", s, "ids", List.of(tok.id(s)), "tokens", List.of(s)));
        Map<String, Object> vocab = new LinkedHashMap<>();
        for (int id = 0; id < wp.size(); id++) vocab.putIfAbsent(wp.token(id), id);
        if (vocab.size() != wp.size()) throw new IllegalArgumentException(file + ": the vocabulary lists a token twice, which tokenizer.json cannot hold");
        Truncation t = tok.truncation();
        Padding p = tok.padding();
        Map<String, Object> root = map(
                "version", "1.0",
                "truncation", t == null ? null : map("direction", "Right", "max_length", t.maxLength(), "strategy",
                        switch (t.strategy()) { case LONGEST_FIRST -> "LongestFirst"; case ONLY_FIRST -> "OnlyFirst"; case ONLY_SECOND -> "OnlySecond"; }, "stride", 0),
                "padding", p == null ? null : map("strategy", p.maxLength() == 0 ? "BatchLongest" : map("Fixed", p.maxLength()), "direction", "Right",
                        "pad_to_multiple_of", null, "pad_id", tok.padTokenId(), "pad_type_id", 0, "pad_token", tok.padToken()),
                "added_tokens", added,
                "normalizer", map("type", "BertNormalizer", "clean_text", o.cleanText(), "handle_chinese_chars", o.handleChineseChars(),
                        "strip_accents", o.stripAccents(), "lowercase", o.lowercase()),
                "pre_tokenizer", map("type", "BertPreTokenizer"),
                "post_processor", map("type", "TemplateProcessing",
                        "single", List.of(special(tok.clsToken(), 0), sequence("A", 0), special(tok.sepToken(), 0)),
                        "pair", List.of(special(tok.clsToken(), 0), sequence("A", 0), special(tok.sepToken(), 0), sequence("B", 1), special(tok.sepToken(), 1)),
                        "special_tokens", specials),
                "decoder", map("type", "WordPiece", "prefix", wp.prefix(), "cleanup", true),
                "model", map("type", "WordPiece", "unk_token", wp.unkToken(), "continuing_subword_prefix", wp.prefix(),
                        "max_input_chars_per_word", wp.maxInputCharsPerWord(), "vocab", vocab));
        Files.writeAtomically(file, Json.write(root, 2).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> special(String token, int type) { return map("SpecialToken", map("id", token, "type_id", type)); }

    private static Map<String, Object> sequence(String id, int type) { return map("Sequence", map("id", id, "type_id", type)); }

    /** An ordered map of key, value, key, value ... (null values allowed, unlike Map.of). */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /**
     * Loads a Hugging Face tokenizer.json with a WordPiece model, a BertNormalizer (or none), a BertPreTokenizer and
     * BERT's post-processor (BertProcessing, or TemplateProcessing of the form [CLS] $A [SEP] $B:1 [SEP]:1).
     */
    public static BertTokenizer loadTokenizerJson(Path file) throws IOException {
        if (!(parse(file) instanceof Map<?, ?> root)) throw bad(file, "the top level is not an object");
        if (!(root.get("model") instanceof Map<?, ?> model)) throw bad(file, "no \"model\" object");
        if (!"WordPiece".equals(model.get("type"))) throw bad(file, "model type is " + model.get("type") + ", not WordPiece");
        List<String> tokens = tokens(model.get("vocab"), file);
        String unk = string(model, "unk_token", "[UNK]", file);
        String prefix = string(model, "continuing_subword_prefix", "##", file);
        if (prefix.isEmpty()) throw bad(file, "model.continuing_subword_prefix is empty");
        int maxChars = model.get("max_input_chars_per_word") instanceof Number n ? n.intValue() : WordPiece.MAX_INPUT_CHARS_PER_WORD;
        BasicTokenizer.Options options = normalizer(root.get("normalizer"), file);
        if (!(root.get("pre_tokenizer") instanceof Map<?, ?> pre) || !"BertPreTokenizer".equals(pre.get("type")))
            throw bad(file, "the pre_tokenizer is " + describe(root.get("pre_tokenizer")) + ", not BertPreTokenizer");
        String[] clsSep = postProcessor(root.get("post_processor"), file);
        String pad = root.get("padding") instanceof Map<?, ?> p && p.get("pad_token") instanceof String s ? s : "[PAD]";
        List<String> extra = new ArrayList<>();
        if (root.get("added_tokens") instanceof List<?> added) {
            for (Object o : added) {
                if (!(o instanceof Map<?, ?> a) || !(a.get("content") instanceof String content) || !(a.get("id") instanceof Number id))
                    throw bad(file, "added_tokens entry " + o + " has no content and id");
                if (id.intValue() >= tokens.size() || !tokens.get(id.intValue()).equals(content))
                    throw bad(file, "added token " + content + " (id " + id + ") is not that id's token in model.vocab; added tokens beyond the vocabulary are not supported");
                if (Boolean.TRUE.equals(a.get("normalized")) && !Boolean.TRUE.equals(a.get("special")))
                    continue; // a normalised, non-special added token is already found by WordPiece itself
                extra.add(content);
            }
        }
        try {
            return new BertTokenizer(new WordPiece(tokens, unk, prefix, maxChars), options, clsSep[0], clsSep[1], pad, "[MASK]", extra)
                    .withTruncation(truncation(root.get("truncation"), file)).withPadding(padding(root.get("padding"), file));
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    /** tokenizer.json's truncation (null: none); only to the right and without stride, as BERT is used. */
    private static Truncation truncation(Object t, Path file) throws IOException {
        if (t == null) return null;
        if (!(t instanceof Map<?, ?> m) || !(m.get("max_length") instanceof Number max)) throw bad(file, "truncation has no max_length");
        if (m.get("direction") != null && !"Right".equals(m.get("direction"))) throw bad(file, "truncation direction " + m.get("direction") + " is not supported (only Right)");
        if (m.get("stride") instanceof Number n && n.intValue() != 0) throw bad(file, "truncation stride " + n + " is not supported");
        Truncation.Strategy strategy = switch (String.valueOf(m.get("strategy"))) {
            case "LongestFirst", "null" -> Truncation.Strategy.LONGEST_FIRST;
            case "OnlyFirst" -> Truncation.Strategy.ONLY_FIRST;
            case "OnlySecond" -> Truncation.Strategy.ONLY_SECOND;
            default -> throw bad(file, "truncation strategy " + m.get("strategy") + " is not LongestFirst, OnlyFirst or OnlySecond");
        };
        return new Truncation(max.intValue(), strategy);
    }

    /** tokenizer.json's padding (null: none): BatchLongest or Fixed, to the right. */
    private static Padding padding(Object p, Path file) throws IOException {
        if (p == null) return null;
        if (!(p instanceof Map<?, ?> m)) throw bad(file, "padding is not an object");
        if (m.get("direction") != null && !"Right".equals(m.get("direction"))) throw bad(file, "padding direction " + m.get("direction") + " is not supported (only Right)");
        if (m.get("pad_to_multiple_of") != null) throw bad(file, "padding pad_to_multiple_of is not supported");
        if ("BatchLongest".equals(m.get("strategy"))) return Padding.longest();
        if (m.get("strategy") instanceof Map<?, ?> s && s.get("Fixed") instanceof Number n && n.intValue() > 0) return Padding.maxLength(n.intValue());
        throw bad(file, "padding strategy " + m.get("strategy") + " is not BatchLongest or Fixed");
    }

    private static List<String> tokens(Object vocab, Path file) throws IOException {
        if (!(vocab instanceof Map<?, ?> map) || map.isEmpty()) throw bad(file, "model.vocab is not a non-empty object");
        String[] tokens = new String[map.size()];
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Number n) || n.intValue() < 0 || n.intValue() >= tokens.length || tokens[n.intValue()] != null)
                throw bad(file, "model.vocab: token " + e.getKey() + " has id " + e.getValue() + "; ids must be 0.." + (tokens.length - 1) + ", each once");
            tokens[n.intValue()] = (String) e.getKey();
        }
        return Arrays.asList(tokens);
    }

    private static BasicTokenizer.Options normalizer(Object n, Path file) throws IOException {
        if (n == null) return new BasicTokenizer.Options(false, false, false, false);
        if (!(n instanceof Map<?, ?> m) || !"BertNormalizer".equals(m.get("type")))
            throw bad(file, "the normalizer is " + describe(n) + ", not BertNormalizer");
        boolean lower = flag(m, "lowercase", true, file);
        boolean strip = m.get("strip_accents") == null ? lower : flag(m, "strip_accents", lower, file);
        return new BasicTokenizer.Options(flag(m, "clean_text", true, file), flag(m, "handle_chinese_chars", true, file), strip, lower);
    }

    /** [CLS] and [SEP] from BERT's post-processor; any other template is refused. */
    private static String[] postProcessor(Object p, Path file) throws IOException {
        if (p == null) throw bad(file, "no post_processor: BERT's adds [CLS] and [SEP]");
        if (!(p instanceof Map<?, ?> m)) throw bad(file, "post_processor is not an object");
        if ("BertProcessing".equals(m.get("type"))) {
            if (m.get("cls") instanceof List<?> c && !c.isEmpty() && c.get(0) instanceof String cls
                    && m.get("sep") instanceof List<?> s && !s.isEmpty() && s.get(0) instanceof String sep) return new String[] {cls, sep};
            throw bad(file, "post_processor BertProcessing has no cls and sep");
        }
        if (!"TemplateProcessing".equals(m.get("type"))) throw bad(file, "post_processor is " + describe(p) + ", not BertProcessing or TemplateProcessing");
        List<String> single = template(m.get("single"), file), pair = template(m.get("pair"), file);
        if (single.size() == 3 && pair.size() == 5 && single.get(1).equals("A:0") && pair.get(1).equals("A:0") && pair.get(3).equals("B:1")
                && single.get(0).equals(pair.get(0)) && single.get(2).equals(pair.get(2)) && pair.get(4).equals(swapType(pair.get(2))))
            return new String[] {strip(single.get(0)), strip(single.get(2))};
        throw bad(file, "post_processor template " + single + " / " + pair + " is not BERT's [CLS] $A [SEP] / [CLS] $A [SEP] $B:1 [SEP]:1");
    }

    private static String swapType(String special) { return special.substring(0, special.length() - 2) + ":1"; }

    private static String strip(String special) { return special.substring(1, special.length() - 2); }

    /** A template as "A:0", "B:1" for the texts and "#TOKEN:0" for special tokens. */
    private static List<String> template(Object t, Path file) throws IOException {
        if (!(t instanceof List<?> list)) throw bad(file, "post_processor template is not an array");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && m.get("Sequence") instanceof Map<?, ?> s) out.add(s.get("id") + ":" + typeId(s));
            else if (o instanceof Map<?, ?> m && m.get("SpecialToken") instanceof Map<?, ?> s) out.add("#" + s.get("id") + ":" + typeId(s));
            else throw bad(file, "post_processor template piece " + o + " is neither Sequence nor SpecialToken");
        }
        return out;
    }

    private static int typeId(Map<?, ?> m) { return m.get("type_id") instanceof Number n ? n.intValue() : 0; }

    private static boolean flag(Map<?, ?> m, String key, boolean dflt, Path file) throws IOException {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw bad(file, key + " is " + v + ", not true or false");
    }

    private static String string(Map<?, ?> m, String key, String dflt, Path file) throws IOException {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw bad(file, key + " is not a string");
    }

    private static String describe(Object o) {
        return o instanceof Map<?, ?> m ? String.valueOf(m.get("type")) : String.valueOf(o);
    }

    private static Object parse(Path file) throws IOException {
        try {
            return Json.parse(read(file));
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static String read(Path file) throws IOException {
        byte[] b = java.nio.file.Files.readAllBytes(file);
        var dec = StandardCharsets.UTF_8.newDecoder();
        try {
            return dec.decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw bad(file, "not valid UTF-8");
        }
    }

    private static IOException bad(Path file, String what) {
        return new IOException(file + ": " + what);
    }
}
