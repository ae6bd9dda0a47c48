package dev.nabla.text.wordpiece;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vocab.txt and tokenizer.json: loading, the casing rules they carry, saving, and errors that name the file. */
class WordPieceFilesTest {
    @TempDir
    Path dir;

    static String tokenizerJson(String normalizer, String extraAdded) {
        StringBuilder vocab = new StringBuilder();
        List<String> v = BertTokenizerTest.VOCAB;
        for (int i = 0; i < v.size(); i++) vocab.append(i == 0 ? "" : ",").append('"').append(v.get(i)).append("\":").append(i);
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [{"id": 0, "content": "[PAD]", "special": true, "normalized": false},
                                  {"id": 15, "content": "[X]", "special": true, "normalized": false}%s],
                 "normalizer": %s,
                 "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                   "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                            {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}]},
                 "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                           "vocab": {%s}}}
                """.formatted(extraAdded, normalizer, vocab);
    }

    static final String UNCASED = "{\"type\": \"BertNormalizer\", \"clean_text\": true, \"handle_chinese_chars\": true, \"strip_accents\": null, \"lowercase\": true}";

    @Test
    void tokenizerJsonGivesTheSameTokenizerAsTheVocabulary() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(UNCASED, ""));
        BertTokenizer t = WordPieceFiles.load(dir);
        BertTokenizer v = new BertTokenizer(new WordPiece(BertTokenizerTest.VOCAB, "[UNK]"), BasicTokenizer.Options.UNCASED);
        assertEquals(BasicTokenizer.Options.UNCASED, t.options());
        for (String s : List.of("The cats sat on the mat!", "a b [MASK] Cät", "Running d e"))
            assertArrayEquals(v.encode(s, "the mat").ids(), t.encode(s, "the mat").ids(), s);
        assertEquals(15, t.encode("a[X]b").ids()[2]);
    }

    @Test
    void normalizerFlagsAreRead() throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, tokenizerJson("{\"type\": \"BertNormalizer\", \"lowercase\": false, \"strip_accents\": true, \"handle_chinese_chars\": false, \"clean_text\": false}", ""));
        assertEquals(new BasicTokenizer.Options(false, false, true, false), WordPieceFiles.loadTokenizerJson(f).options());
        Files.writeString(f, tokenizerJson("{\"type\": \"BertNormalizer\", \"lowercase\": true, \"strip_accents\": false}", ""));
        assertEquals(new BasicTokenizer.Options(true, true, false, true), WordPieceFiles.loadTokenizerJson(f).options());
    }

    @Test
    void truncationAndPaddingAreRead() throws IOException {
        Path f = dir.resolve("tokenizer.json");
        String trunc = "\"truncation\": {\"direction\": \"Right\", \"max_length\": 6, \"strategy\": \"LongestFirst\", \"stride\": 0}";
        String fixed = "\"padding\": {\"strategy\": {\"Fixed\": 8}, \"direction\": \"Right\", \"pad_to_multiple_of\": null, \"pad_id\": 0, \"pad_type_id\": 0, \"pad_token\": \"[PAD]\"}";
        Files.writeString(f, tokenizerJson(UNCASED, "").replace("\"truncation\": null", trunc).replace("\"padding\": null", fixed));
        BertTokenizer t = WordPieceFiles.loadTokenizerJson(f);
        assertEquals(Truncation.longestFirst(6), t.truncation());
        assertArrayEquals(BertTokenizerTest.ids("[CLS] a b [SEP] c [SEP] [PAD] [PAD]"), t.encode("a b c", "c").ids());
        Files.writeString(f, tokenizerJson(UNCASED, "").replace("\"padding\": null", fixed.replace("{\"Fixed\": 8}", "\"BatchLongest\"")));
        assertEquals(Padding.longest(), WordPieceFiles.loadTokenizerJson(f).padding());
        Files.writeString(f, tokenizerJson(UNCASED, "").replace("\"truncation\": null", trunc.replace("\"Right\"", "\"Left\"")));
        assertTrue(assertThrows(IOException.class, () -> WordPieceFiles.loadTokenizerJson(f)).getMessage().contains("truncation direction Left is not supported"));
    }

    @Test
    void vocabTxtWithTokenizerConfig() throws IOException {
        Files.writeString(dir.resolve("vocab.txt"), String.join("\r\n", BertTokenizerTest.VOCAB) + "\r\n");
        assertEquals(BasicTokenizer.Options.UNCASED, WordPieceFiles.load(dir).options());
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        BertTokenizer cased = WordPieceFiles.load(dir);
        assertEquals(BasicTokenizer.Options.CASED, cased.options());
        assertEquals(BertTokenizerTest.VOCAB.size(), cased.size());
        assertEquals(List.of("[UNK]", "cat"), cased.tokenize("The cat"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"cls_token\": \"<s>\"}");
        assertEquals(dir + ": BertTokenizer: the cls token <s> is not in the vocabulary",
                assertThrows(IOException.class, () -> WordPieceFiles.load(dir)).getMessage());
    }

    @Test
    void savedTokenizerJsonLoadsBackTheSame() throws IOException {
        BertTokenizer x = new BertTokenizer(new WordPiece(BertTokenizerTest.VOCAB, "[UNK]"), BasicTokenizer.Options.CASED, "[CLS]", "[SEP]", "[PAD]", "[MASK]", List.of("[X]"))
                .withTruncation(new Truncation(7, Truncation.Strategy.ONLY_SECOND)).withPadding(Padding.maxLength(9));
        Path f = dir.resolve("tokenizer.json");
        WordPieceFiles.saveTokenizerJson(x, f);
        BertTokenizer back = WordPieceFiles.load(dir);
        assertEquals(x.options(), back.options());
        assertEquals(x.truncation(), back.truncation());
        assertEquals(x.padding(), back.padding());
        for (String s : List.of("The cats sat on the mat!", "a[X]b [MASK] Cät", "Running d e"))
            assertEquals(x.encode("a b", s), back.encode("a b", s), s);
    }

    @Test
    void saveVocabRoundTrips() throws IOException {
        WordPiece wp = new WordPiece(BertTokenizerTest.VOCAB, "[UNK]");
        Path f = dir.resolve("out/vocab.txt");
        WordPieceFiles.saveVocab(wp, f);
        assertEquals(BertTokenizerTest.VOCAB, WordPieceFiles.readVocab(f));
        assertEquals(String.join("\n", BertTokenizerTest.VOCAB) + "\n", Files.readString(f));
        try (var s = Files.list(f.getParent())) { assertEquals(1, s.count()); } // no temporary file left
    }

    @Test
    void errorsNameTheFile() throws IOException {
        Path f = dir.resolve("tokenizer.json");
        String good = tokenizerJson(UNCASED, "");
        for (String[] c : new String[][] {
                {good.replace("\"type\": \"WordPiece\", \"unk", "\"type\": \"BPE\", \"unk"), "model type is BPE, not WordPiece"},
                {good.replace("BertNormalizer", "NFKC"), "the normalizer is NFKC, not BertNormalizer"},
                {good.replace("BertPreTokenizer", "Whitespace"), "the pre_tokenizer is Whitespace, not BertPreTokenizer"},
                {good.replace("\"lowercase\": true", "\"lowercase\": 1"), "lowercase is 1, not true or false"},
                {good.replace("\"type_id\": 1}}, {\"SpecialToken\": {\"id\": \"[SEP]\", \"type_id\": 1}}", "\"type_id\": 1}}"), "is not BERT's"},
                {good.replace("\"[MASK]\":4", "\"[MASK]\":40"), "ids must be 0.."},
                {tokenizerJson(UNCASED, ", {\"id\": 99, \"content\": \"<new>\", \"special\": true}"), "added token <new> (id 99)"},
                {good.replace("\"unk_token\": \"[UNK]\"", "\"unk_token\": \"<unk>\""), "the unknown token <unk> is not in the vocabulary"},
                {"[1, 2]", "the top level is not an object"},
                {"{\"model\": ", "tokenizer.json"}}) {
            Files.writeString(f, c[0]);
            IOException e = assertThrows(IOException.class, () -> WordPieceFiles.loadTokenizerJson(f), c[1]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(c[1]), e.getMessage());
        }
        Path v = dir.resolve("vocab.txt");
        Files.writeString(v, "a\nb\n");
        IOException e = assertThrows(IOException.class, () -> WordPieceFiles.loadVocab(v, BasicTokenizer.Options.UNCASED));
        assertEquals(v + ": WordPiece: the unknown token [UNK] is not in the vocabulary", e.getMessage());
        Files.write(v, new byte[] {(byte) 0xC3, 0x28});
        assertTrue(assertThrows(IOException.class, () -> WordPieceFiles.readVocab(v)).getMessage().endsWith("not valid UTF-8"));
        assertTrue(assertThrows(IOException.class, () -> WordPieceFiles.load(dir.resolve("none"))).getMessage().contains("no tokenizer.json or vocab.txt"));
    }
}
