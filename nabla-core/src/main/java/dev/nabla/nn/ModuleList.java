package dev.nabla.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Submodules in a list, registered as "0", "1", ... as torch.nn.ModuleList; it has no forward of its own. */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> items = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends m; returns this, as torch's append. */
    public ModuleList add(Module m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    /** The i-th module; negative i counts from the end. */
    public Module get(int i) {
        int n = items.size();
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("ModuleList: index " + i + " is out of range for " + n + " modules");
        return items.get(i < 0 ? i + n : i);
    }

    public int size() {
        return items.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return java.util.Collections.unmodifiableList(items).iterator();
    }
}
