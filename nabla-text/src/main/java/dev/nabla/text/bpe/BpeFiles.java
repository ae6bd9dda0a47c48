package dev.nabla.text.bpe;

import dev.nabla.io.Json;
import dev.nabla.util.Files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing byte-level BPE tokenizers: Hugging Face's vocab.json + merges.txt, GPT-2's original
 * encoder.json + vocab.bpe (the same two formats under other names), and Hugging Face's tokenizer.json when its model
 * is BPE and its pre-tokenizer ByteLevel. Errors name the file and, where there is one, the line.
 */
public final class BpeFiles {
    /** The token that ends a document in GPT-2; a vocabulary that holds it makes it special. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    private BpeFiles() {}

    /** Loads a folder holding tokenizer.json, vocab.json + merges.txt, or encoder.json + vocab.bpe (first found). */
    public static BpeTokenizer load(Path dir) throws IOException {
        if (java.nio.file.Files.isRegularFile(dir.resolve("tokenizer.json"))) return loadTokenizerJson(dir.resolve("tokenizer.json"));
        if (java.nio.file.Files.isRegularFile(dir.resolve("vocab.json")))
            return load(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        if (java.nio.file.Files.isRegularFile(dir.resolve("encoder.json")))
            return load(dir.resolve("encoder.json"), dir.resolve("vocab.bpe"));
        throw new IOException(dir + ": no tokenizer.json, vocab.json + merges.txt, or encoder.json + vocab.bpe");
    }

    /** Loads a vocabulary (JSON object token → id) and its merges (one "left right" pair a line). */
    public static BpeTokenizer load(Path vocabFile, Path mergesFile) throws IOException {
        Map<String, Integer> vocab = vocab(parse(vocabFile), vocabFile, "");
        List<String[]> merges = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] text = read(mergesFile).split("\n", -1);
        for (int ln = 1; ln <= text.length; ln++) {
            String line = text[ln - 1];
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isEmpty() || ln == 1 && line.startsWith("#version")) continue;
            String[] p = line.split(" ", -1);
            if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty())
                throw new IllegalArgumentException(mergesFile + " line " + ln + ": expected two tokens separated by one space, got "
                        + BpeTokenizer.quote(line));
            merges.add(p);
            lines.add(ln);
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        if (vocab.containsKey(END_OF_TEXT)) specials.put(END_OF_TEXT, vocab.get(END_OF_TEXT));
        return new BpeTokenizer(vocab, merges, k -> mergesFile + " line " + lines.get(k), specials, false, vocabFile.toString());
    }

    /** Loads a Hugging Face tokenizer.json whose model is BPE over a ByteLevel pre-tokenizer. */
    public static BpeTokenizer loadTokenizerJson(Path file) throws IOException {
        if (!(parse(file) instanceof Map<?, ?> root)) throw bad(file, "the top level is not an object");
        if (!(root.get("model") instanceof Map<?, ?> model)) throw bad(file, "no \"model\" object");
        if (!"BPE".equals(model.get("type"))) throw bad(file, "model type is " + model.get("type") + ", not BPE");
        if (model.get("dropout") instanceof Number d && d.doubleValue() > 0) throw bad(file, "BPE dropout is not supported");
        for (String key : new String[] {"continuing_subword_prefix", "end_of_word_suffix"})
            if (model.get(key) instanceof String affix && !affix.isEmpty()) throw bad(file, "model." + key + " is not supported (GPT-2 has none)");
        if (Boolean.TRUE.equals(model.get("byte_fallback"))) throw bad(file, "byte_fallback is not supported (GPT-2 does not use it)");
        if (root.get("normalizer") != null) throw bad(file, "a normalizer is not supported (GPT-2 has none)");
        if (!(root.get("pre_tokenizer") instanceof Map<?, ?> pre) || !"ByteLevel".equals(pre.get("type")))
            throw bad(file, "the pre_tokenizer is not ByteLevel");
        if (Boolean.FALSE.equals(pre.get("use_regex"))) throw bad(file, "ByteLevel with use_regex false is not supported");
        boolean prefix = Boolean.TRUE.equals(pre.get("add_prefix_space"));
        Map<String, Integer> vocab = vocab(model.get("vocab"), file, "model.vocab: ");
        if (!(model.get("merges") instanceof List<?> list)) throw bad(file, "model.merges is not an array");
        List<String[]> merges = new ArrayList<>(list.size());
        for (int k = 0; k < list.size(); k++) {
            Object m = list.get(k);
            String[] p = null;
            if (m instanceof String s) p = s.split(" ", -1);
            else if (m instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String a && l.get(1) instanceof String b) p = new String[] {a, b};
            if (p == null || p.length != 2 || p[0].isEmpty() || p[1].isEmpty())
                throw bad(file, "model.merges[" + k + "] is not a pair of tokens: " + m);
            merges.add(p);
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        if (root.get("added_tokens") instanceof List<?> added) {
            for (int k = 0; k < added.size(); k++) {
                if (!(added.get(k) instanceof Map<?, ?> t) || !(t.get("content") instanceof String content)
                        || !(t.get("id") instanceof Long id))
                    throw bad(file, "added_tokens[" + k + "] needs a string \"content\" and an integer \"id\"");
                specials.put(content, Math.toIntExact(id));
            }
        }
        return new BpeTokenizer(vocab, merges, k -> file + " model.merges[" + k + "]", specials, prefix, file.toString());
    }

    private static Map<String, Integer> vocab(Object json, Path file, String prefix) {
        if (!(json instanceof Map<?, ?> m)) throw bad(file, prefix + "the vocabulary is not a JSON object of token to id");
        Map<String, Integer> vocab = new LinkedHashMap<>(m.size() * 2);
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof Long id) || id < 0 || id > Integer.MAX_VALUE - 1)
                throw bad(file, prefix + "token " + BpeTokenizer.quote((String) e.getKey()) + " has id " + e.getValue()
                        + ", not a non-negative integer");
            vocab.put((String) e.getKey(), (int) (long) id);
        }
        return vocab;
    }

    private static Object parse(Path file) throws IOException {
        try {
            return Json.parse(read(file));
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static String read(Path file) throws IOException {
        try {
            return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file + ": " + what);
    }

    /** Writes {@code dir/vocab.json} and {@code dir/merges.txt} (atomically), as Hugging Face does. */
    public static void save(BpeTokenizer tok, Path dir) throws IOException {
        Map<String, Object> vocab = new LinkedHashMap<>();
        for (int id = 0; id < tok.size(); id++) {
            String t = tok.token(id);
            if (t != null) vocab.put(t, id);
        }
        Files.writeAtomically(dir.resolve("vocab.json"), Json.write(vocab, 0).getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder("#version: 0.2\n");
        for (int k = 0; k < tok.merges(); k++) {
            String[] p = tok.merge(k);
            b.append(p[0]).append(' ').append(p[1]).append('\n');
        }
        Files.writeAtomically(dir.resolve("merges.txt"), b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
