package dev.nabla.tensor;

import dev.nabla.autograd.Node;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Printing exactly like PyTorch 1.13's repr (torch/_tensor_str.py) with its default print options:
 * 4 digits, summarised above 1000 elements with 3 edge items, lines wrapped at 80 characters.
 * Numbers are rounded from their exact binary value, half to even, as Python's format does.
 */
final class TensorFormat {
    static final int PRECISION = 4;
    static final int THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;
    static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {}

    static String repr(Tensor t) {
        List<String> suffixes = new ArrayList<>();
        float[] data = t.storage();
        String body = t.numel() == 0 ? "[]" : body(p -> data[p], t.storageOffset(), t.shape(), t.strides(), true);
        if (t.numel() == 0 && t.dim() != 1) suffixes.add("size=" + tuple(t.shape()));
        Node fn = t.gradFn();
        if (fn != null) suffixes.add("grad_fn=<" + gradFnName(fn) + ">");
        else if (t.requiresGrad()) suffixes.add("requires_grad=True");
        return withSuffixes(PREFIX + body, suffixes);
    }

    static String repr(IntTensor t) {
        List<String> suffixes = new ArrayList<>();
        String body;
        if (t.numel() == 0) {
            body = "[]";
            if (t.dim() != 1) suffixes.add("size=" + tuple(t.shape()));
            suffixes.add("dtype=torch.int64"); // torch names the dtype of an empty integer tensor; IntTensor stands for int64
        } else {
            int[] data = t.storage();
            body = body(p -> data[p], 0, t.shape(), Shape.contiguousStrides(t.shape()), false);
        }
        return withSuffixes(PREFIX + body, suffixes);
    }

    /**
     * torch's grad_fn class name for our node: the op name capitalised plus "Backward0" ("mm" gives MmBackward0,
     * "logSoftmax" gives LogSoftmaxBackward0). torch's names differ where it records another op (a reshape of a
     * contiguous tensor is ViewBackward0 there) or a numbered overload (SumBackward1 for a sum over dims).
     */
    static String gradFnName(Node fn) {
        String n = fn.name();
        if (n.isEmpty()) return "Backward0";
        return Character.toUpperCase(n.charAt(0)) + n.substring(1) + "Backward0";
    }

    private static String tuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    private static String withSuffixes(String s, List<String> suffixes) {
        StringBuilder sb = new StringBuilder(s);
        int lastLineLen = s.length() - s.lastIndexOf('\n') + 1; // as torch counts it (one more than the line when it has a newline)
        int indent = PREFIX.length();
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                sb.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    /** The element at a storage position, as a double (float and int32 values are exact in double). */
    @FunctionalInterface
    private interface Values {
        double at(int position);
    }

    /** Reads only the elements it prints, in place, so printing a huge tensor costs what its summary shows. */
    private static String body(Values v, int offset, int[] shape, int[] strides, boolean floating) {
        boolean summarize = Shape.numel(shape) > THRESHOLD;
        List<Double> shown = new ArrayList<>();
        collect(v, shape, strides, 0, offset, summarize, shown);
        Formatter f = new Formatter(shown, floating);
        StringBuilder sb = new StringBuilder();
        if (shape.length == 0) sb.append(f.format(v.at(offset)));
        else append(sb, v, shape, strides, 0, offset, PREFIX.length(), summarize, f);
        return sb.toString();
    }

    /** Whether dim {@code size} is cut to its edge items. */
    private static boolean cut(boolean summarize, int size) {
        return summarize && size > 2 * EDGE_ITEMS;
    }

    /** The values that will be printed (torch builds its formatter from these only). */
    private static void collect(Values v, int[] shape, int[] strides, int dim, int pos, boolean summarize, List<Double> out) {
        if (dim == shape.length) {
            out.add(v.at(pos));
            return;
        }
        int n = shape[dim];
        boolean cut = cut(summarize, n);
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE_ITEMS) i = n - EDGE_ITEMS;
            collect(v, shape, strides, dim + 1, pos + i * strides[dim], summarize, out);
        }
    }

    private static void append(StringBuilder sb, Values v, int[] shape, int[] strides, int dim, int pos, int indent,
                               boolean summarize, Formatter f) {
        int n = shape[dim];
        boolean cut = cut(summarize, n);
        if (dim == shape.length - 1) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (cut && i == EDGE_ITEMS) {
                    items.add(" ...");
                    i = n - EDGE_ITEMS;
                }
                items.add(f.format(v.at(pos + i * strides[dim])));
            }
            int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width + 2));
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                sb.append(items.get(i));
            }
            sb.append(']');
            return;
        }
        String sep = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(sep);
            if (cut && i == EDGE_ITEMS) {
                sb.append("...").append(sep);
                i = n - EDGE_ITEMS;
            }
            append(sb, v, shape, strides, dim + 1, pos + i * strides[dim], indent + 1, summarize, f);
        }
        sb.append(']');
    }

    /** torch's _Formatter: picks integer, fixed or scientific notation from the printed values, and one column width. */
    private static final class Formatter {
        final boolean floating;
        boolean intMode = true;
        boolean sciMode = false;
        int width = 1;

        Formatter(List<Double> values, boolean floating) {
            this.floating = floating;
            if (!floating) {
                for (double x : values) width = Math.max(width, Long.toString((long) x).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY, max = 0;
            int count = 0;
            for (double x : values) {
                if (x == 0 || !Double.isFinite(x)) continue;
                count++;
                min = Math.min(min, Math.abs(x));
                max = Math.max(max, Math.abs(x));
                if (x != Math.ceil(x)) intMode = false;
            }
            if (count == 0) return;
            sciMode = max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4);
            for (double x : values) {
                if (x == 0 || !Double.isFinite(x)) continue;
                int len = sciMode ? sci(x).length() : intMode ? fixed(x, 0).length() + 1 : fixed(x, PRECISION).length();
                width = Math.max(width, len);
            }
        }

        String format(double x) {
            String s;
            if (!floating) s = Long.toString((long) x);
            else if (sciMode) s = sci(x);
            else if (intMode) s = Double.isFinite(x) ? fixed(x, 0) + "." : fixed(x, 0);
            else s = fixed(x, PRECISION);
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }
    }

    private static String special(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        return null;
    }

    private static boolean negative(double x) {
        return x < 0 || (x == 0 && 1 / x < 0);
    }

    /** Python's '{:.Nf}'.format(x). */
    static String fixed(double x, int digits) {
        String s = special(x);
        if (s != null) return s;
        String m = new BigDecimal(Math.abs(x)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return negative(x) ? "-" + m : m;
    }

    /** Python's '{:.4e}'.format(x): a mantissa of PRECISION decimals and an exponent of at least two digits. */
    static String sci(double x) {
        String s = special(x);
        if (s != null) return s;
        String sign = negative(x) ? "-" : "";
        if (x == 0) return sign + "0." + "0".repeat(PRECISION) + "e+00";
        BigDecimal r = new BigDecimal(Math.abs(x)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        String mant = r.movePointLeft(exp).setScale(PRECISION, RoundingMode.UNNECESSARY).toPlainString();
        String e = Integer.toString(Math.abs(exp));
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}
