package dev.nabla.data;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Fashion-MNIST (or MNIST: same files) from a directory with the standard IDX file names, raw or gzip. */
public final class FashionMnist {
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** The 60k training or 10k test examples: x (N, 1, 28, 28) in [0, 1], y (N) class ids. */
    public static TensorDataset load(Path dir, boolean train) throws IOException {
        String split = train ? "train" : "t10k";
        Path images = find(dir, split + "-images-idx3-ubyte"), labels = find(dir, split + "-labels-idx1-ubyte");
        Tensor x = Idx.readImages(images);
        IntTensor y = Idx.readLabels(labels);
        if (x.size(0) != y.size(0))
            throw new IOException(images.getFileName() + " has " + x.size(0) + " images but " + labels.getFileName() + " has " + y.size(0) + " labels");
        int[] ys = y.storage();
        for (int i = 0; i < ys.length; i++)
            if (ys[i] >= CLASSES.size())
                throw new IOException(labels.getFileName() + ": label " + ys[i] + " at index " + i + " is not a class id in [0, " + CLASSES.size() + ")");
        return new TensorDataset(x, y);
    }

    /** The fashion-mnist folder of the shared data ({@link SharedData}), or null when there is none. */
    public static Path defaultDir() {
        Path p = SharedData.find("fashion-mnist");
        return p != null && Files.isDirectory(p) ? p : null;
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new NoSuchFileException(dir.resolve(base).toString(), null, "neither " + base + " nor " + base + ".gz in " + dir);
    }
}
