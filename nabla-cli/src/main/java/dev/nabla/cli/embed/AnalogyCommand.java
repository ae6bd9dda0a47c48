package dev.nabla.cli.embed;

import dev.nabla.text.Analogy;
import dev.nabla.text.KeyedVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** a is to b as c is to ?: the words nearest b − a + c (3CosAdd) or by 3CosMul. */
@Command(name = "analogy", mixinStandardHelpOptions = true,
        description = {"A is to B as C is to ?  e.g. `nabla embed analogy man king woman` (queen, with good vectors)."})
final class AnalogyCommand implements Callable<Integer> {
    @Mixin
    VectorsOption vectors;

    @Option(names = {"-n", "--top"}, defaultValue = "5", description = "Answers to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--method", defaultValue = "add", description = "add (3CosAdd) or mul (3CosMul) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--restrict", defaultValue = "30000", description = "Answer only among the N most frequent words; 0: all (default: ${DEFAULT-VALUE}).")
    int restrict;

    @Parameters(index = "0", paramLabel = "A") String a;
    @Parameters(index = "1", paramLabel = "B") String b;
    @Parameters(index = "2", paramLabel = "C") String c;

    @Override
    public Integer call() throws Exception {
        Analogy how = switch (method) {
            case "add" -> Analogy.COS_ADD;
            case "mul" -> Analogy.COS_MUL;
            default -> throw new IllegalArgumentException("analogy: --method is add or mul, not '" + method + "'");
        };
        KeyedVectors kv = vectors.load();
        SimilarCommand.print(a + " : " + b + " :: " + c + " : ?", kv.analogy(a, b, c, how, top, restrict));
        return 0;
    }
}
