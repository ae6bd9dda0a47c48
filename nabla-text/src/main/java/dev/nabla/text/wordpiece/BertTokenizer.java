package dev.nabla.text.wordpiece;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * BERT's tokenizer as Hugging Face's BertTokenizer(Fast): {@link BasicTokenizer} then {@link WordPiece}, with
 * [CLS] text [SEP] (and text [SEP] for a second text, its tokens of type 1), optional truncation and padding, and
 * special tokens that are matched in the raw text and never split ("a [MASK] b" holds [MASK] whatever the casing
 * rules). Immutable and safe to share between threads.
 */
public final class BertTokenizer {
    private final WordPiece model;
    private final BasicTokenizer basic;
    private final String cls, sep, pad, mask;
    private final int clsId, sepId, padId;
    private final String[] neverSplit; // longest first, so that the longest special token matches where two start
    private final String firstChars;
    private final boolean[] special;
    private final Truncation truncation;
    private final Padding padding;

    /**
     * @param extraSpecials tokens besides [CLS] [SEP] [PAD] [MASK] [UNK] that are never split and count as special
     *                      (Hugging Face's additional_special_tokens); each must be in the vocabulary
     */
    public BertTokenizer(WordPiece model, BasicTokenizer.Options options, String cls, String sep, String pad, String mask,
                         List<String> extraSpecials) {
        this(model, new BasicTokenizer(options), cls, sep, pad, mask, extraSpecials, null, null);
    }

    /** With BERT's special tokens [CLS] [SEP] [PAD] [MASK] (and the model's [UNK]). */
    public BertTokenizer(WordPiece model, BasicTokenizer.Options options) {
        this(model, options, "[CLS]", "[SEP]", "[PAD]", "[MASK]", List.of());
    }

    private BertTokenizer(WordPiece model, BasicTokenizer basic, String cls, String sep, String pad, String mask,
                          List<String> extraSpecials, Truncation truncation, Padding padding) {
        this.model = model;
        this.basic = basic;
        this.cls = cls;
        this.sep = sep;
        this.pad = pad;
        this.mask = mask;
        clsId = need(cls, "cls");
        sepId = need(sep, "sep");
        padId = need(pad, "pad");
        need(mask, "mask");
        Set<String> all = new LinkedHashSet<>(List.of(model.unkToken(), cls, sep, pad, mask));
        all.addAll(extraSpecials);
        special = new boolean[model.size()];
        for (String s : all) special[need(s, "special")] = true;
        neverSplit = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toArray(String[]::new);
        StringBuilder first = new StringBuilder();
        for (String s : neverSplit) if (!s.isEmpty()) first.append(s.charAt(0));
        firstChars = first.toString();
        this.truncation = truncation;
        this.padding = padding;
    }

    private int need(String token, String role) {
        if (token == null || token.isEmpty()) throw new IllegalArgumentException("BertTokenizer: the " + role + " token is empty");
        int id = model.id(token);
        if (id < 0) throw new IllegalArgumentException("BertTokenizer: the " + role + " token " + token + " is not in the vocabulary");
        return id;
    }

    /** This tokenizer truncating as given ({@code null}: not at all). */
    public BertTokenizer withTruncation(Truncation truncation) {
        return new BertTokenizer(model, basic, cls, sep, pad, mask, extraSpecials(), truncation, padding);
    }

    /** This tokenizer padding as given ({@code null}: not at all). */
    public BertTokenizer withPadding(Padding padding) {
        return new BertTokenizer(model, basic, cls, sep, pad, mask, extraSpecials(), truncation, padding);
    }

    private List<String> extraSpecials() {
        Set<String> base = Set.of(model.unkToken(), cls, sep, pad, mask);
        List<String> extra = new ArrayList<>();
        for (int id = 0; id < special.length; id++) if (special[id] && !base.contains(model.token(id))) extra.add(model.token(id));
        return extra;
    }

    /** The tokens of a text without special tokens added, as Hugging Face's tokenize(). */
    public List<String> tokenize(String text) {
        Pieces p = pieces(text);
        List<String> out = new ArrayList<>(p.n);
        for (int i = 0; i < p.n; i++) out.add(model.token(p.ids[i]));
        return out;
    }

    public Encoding encode(String text) { return encode(text, null, true); }

    public Encoding encode(String text, String pair) { return encode(text, pair, true); }

    /** One text, or a pair when {@code pair} is not null, truncated and padded (to a fixed length) as configured. */
    public Encoding encode(String text, String pair, boolean addSpecialTokens) {
        Encoding e = assemble(pieces(text), pair == null ? null : pieces(pair), addSpecialTokens);
        return padding == null || padding.toLongest() ? e : pad(e, padding.maxLength());
    }

    /** Texts encoded alone, padded to the longest if so configured. */
    public List<Encoding> encodeBatch(List<String> texts) {
        return encodeBatch(texts, null);
    }

    /** Pairs {@code texts[i]}, {@code pairs[i]}, padded to the longest if so configured. */
    public List<Encoding> encodeBatch(List<String> texts, List<String> pairs) {
        if (pairs != null && pairs.size() != texts.size())
            throw new IllegalArgumentException("encodeBatch: " + texts.size() + " texts but " + pairs.size() + " pairs");
        List<Encoding> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) out.add(encode(texts.get(i), pairs == null ? null : pairs.get(i), true));
        if (padding != null && padding.toLongest()) {
            int longest = out.stream().mapToInt(Encoding::length).max().orElse(0);
            out.replaceAll(e -> pad(e, longest));
        }
        return out;
    }

    /** Tokens joined with spaces, "##" pieces glued to the one before, as Hugging Face's WordPiece decoder. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (int id : ids) {
            if (skipSpecialTokens && special[checkId(id)]) continue;
            String t = model.token(id);
            if (!first && t.startsWith(model.prefix())) t = t.substring(model.prefix().length());
            else if (!first) t = " " + t;
            out.append(cleanup(t));
            first = false;
        }
        return out.toString();
    }

    public String decode(int[] ids) { return decode(ids, false); }

    /** The spaces English detokenisation removes (Hugging Face's cleanup, applied to each token with its space). */
    private static String cleanup(String t) {
        return t.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }

    private int checkId(int id) {
        if (id < 0 || id >= special.length) throw new IndexOutOfBoundsException("decode: token id " + id + " is outside the vocabulary of " + special.length);
        return id;
    }

    public int id(String token) { return model.id(token); }

    public String token(int id) { return model.token(id); }

    public int size() { return model.size(); }

    public WordPiece model() { return model; }

    public BasicTokenizer.Options options() { return basic.options(); }

    public String clsToken() { return cls; }
    public String sepToken() { return sep; }
    public String padToken() { return pad; }
    public String maskToken() { return mask; }
    public String unkToken() { return model.unkToken(); }
    public int clsTokenId() { return clsId; }
    public int sepTokenId() { return sepId; }
    public int padTokenId() { return padId; }
    public int maskTokenId() { return model.id(mask); }
    public int unkTokenId() { return model.unkId(); }

    /** Whether {@code id} is one of the special tokens. */
    public boolean isSpecial(int id) { return special[checkId(id)]; }

    public Truncation truncation() { return truncation; }

    public Padding padding() { return padding; }

    /** The token ids of one text with their offsets, before special tokens are added. */
    private static final class Pieces {
        int[] ids = new int[16], starts = new int[16], ends = new int[16];
        int n;

        void add(int id, int start, int end) {
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            ids[n] = id;
            starts[n] = start;
            ends[n++] = end;
        }
    }

    private Pieces pieces(String text) {
        Pieces out = new Pieces();
        BasicTokenizer.Words words = new BasicTokenizer.Words();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            String s = specialAt(text, i);
            if (s == null) continue;
            words(text, from, i, words, out);
            out.add(model.id(s), i, i + s.length());
            i += s.length() - 1;
            from = i + 1;
        }
        words(text, from, text.length(), words, out);
        return out;
    }

    private String specialAt(String text, int i) {
        if (firstChars.indexOf(text.charAt(i)) < 0) return null;
        for (String s : neverSplit) if (text.startsWith(s, i)) return s;
        return null;
    }

    private void words(String text, int from, int to, BasicTokenizer.Words words, Pieces out) {
        if (from >= to) return;
        basic.split(text, from, to, words);
        for (int w = 0; w < words.count; w++) {
            int at = words.wordFrom[w];
            int[] p = model.pieces(new String(words.chars, at, words.wordTo[w] - at));
            for (int k = 0; k < p.length; k += 2) {
                int len = p[k + 1];
                out.add(p[k], words.srcStart[at], words.srcEnd[at + len - 1]);
                at += len;
            }
        }
    }

    private Encoding assemble(Pieces a, Pieces b, boolean addSpecials) {
        int[] keep = truncation == null ? new int[] {a.n, b == null ? 0 : b.n}
                : truncation.keep(a.n, b == null ? 0 : b.n, b != null, truncation.maxLength() - (addSpecials ? (b == null ? 2 : 3) : 0));
        int n = keep[0] + keep[1] + (addSpecials ? (b == null ? 2 : 3) : 0);
        int[] ids = new int[n], types = new int[n], specials = new int[n];
        int[][] offsets = new int[n][];
        int k = 0;
        if (addSpecials) { specials[k] = 1; offsets[k] = new int[2]; ids[k++] = clsId; }
        for (int i = 0; i < keep[0]; i++) { offsets[k] = new int[] {a.starts[i], a.ends[i]}; ids[k++] = a.ids[i]; }
        if (addSpecials) { specials[k] = 1; offsets[k] = new int[2]; ids[k++] = sepId; }
        if (b != null) {
            for (int i = 0; i < keep[1]; i++) { types[k] = 1; offsets[k] = new int[] {b.starts[i], b.ends[i]}; ids[k++] = b.ids[i]; }
            if (addSpecials) { types[k] = 1; specials[k] = 1; offsets[k] = new int[2]; ids[k++] = sepId; }
        }
        String[] tokens = new String[n];
        int[] attention = new int[n];
        for (int i = 0; i < n; i++) { tokens[i] = model.token(ids[i]); attention[i] = 1; }
        return new Encoding(ids, tokens, types, attention, specials, offsets);
    }

    private Encoding pad(Encoding e, int length) {
        int n = e.length();
        if (n >= length) return e;
        int[] ids = Arrays.copyOf(e.ids(), length), types = Arrays.copyOf(e.tokenTypeIds(), length);
        int[] attention = Arrays.copyOf(e.attentionMask(), length), specials = Arrays.copyOf(e.specialTokensMask(), length);
        String[] tokens = Arrays.copyOf(e.tokens(), length);
        int[][] offsets = Arrays.copyOf(e.offsets(), length);
        for (int i = n; i < length; i++) { ids[i] = padId; tokens[i] = pad; specials[i] = 1; offsets[i] = new int[2]; }
        return new Encoding(ids, tokens, types, attention, specials, offsets);
    }
}
