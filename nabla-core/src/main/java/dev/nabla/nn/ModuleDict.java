package dev.nabla.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Submodules by name, in insertion order, as torch.nn.ModuleDict; it has no forward of its own. */
public class ModuleDict extends Module {
    private final Map<String, Module> items = new LinkedHashMap<>();

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /** Adds m under name (a new name: names are registered once). Returns this. */
    public ModuleDict put(String name, Module m) {
        registerModule(name, m);
        items.put(name, m);
        return this;
    }

    public Module get(String name) {
        Module m = items.get(name);
        if (m == null && !items.containsKey(name))
            throw new IllegalArgumentException("ModuleDict: no module named '" + name + "' (has " + items.keySet() + ")");
        return m;
    }

    public boolean containsKey(String name) {
        return items.containsKey(name);
    }

    public Set<String> keySet() {
        return java.util.Collections.unmodifiableSet(items.keySet());
    }

    public int size() {
        return items.size();
    }
}
