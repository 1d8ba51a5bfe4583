package cmt.codec;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace's call sites: each {@link Event#site} id names a call stack, innermost frame first (the
 * allocation's caller). Recorders deduplicate stacks, so ids are few next to events.
 *
 * <pre>{@code
 * Sites s = reader.sites();                 // complete once the reader's last event is read
 * for (long id : s.ids()) System.out.println(id + " " + s.frames(id).getFirst());
 * }</pre>
 */
public final class Sites {
    private final TreeMap<Long, List<Frame>> stacks = new TreeMap<>(Long::compareUnsigned);
    // Stacks share most of their frames (the callers of a program's allocation functions), and frames their
    // modules and files: each distinct frame and string is kept once, so a table of 10^4 stacks 32 frames
    // deep costs a few MB, not a hundred.
    private final HashMap<Frame, Frame> frames = new HashMap<>();
    private final HashMap<String, String> strings = new HashMap<>();

    /** Defines (or redefines) site {@code id}. */
    public void define(long id, List<Frame> stack) {
        Frame[] shared = new Frame[stack.size()];
        for (int i = 0; i < shared.length; i++) {
            shared[i] = frames.computeIfAbsent(stack.get(i), f -> new Frame(string(f.module()), f.offset(),
                    string(f.function()), string(f.file()), f.line()));
        }
        stacks.put(id, List.of(shared));
    }

    private String string(String s) {
        return s == null ? null : strings.computeIfAbsent(s, k -> k);
    }

    /** The frames of site {@code id}, innermost first; empty if the id is unknown. */
    public List<Frame> frames(long id) {
        return stacks.getOrDefault(id, List.of());
    }

    /** The ids, in increasing order. */
    public Iterable<Long> ids() {
        return Collections.unmodifiableSet(stacks.keySet());
    }

    /** The number of sites. */
    public int size() {
        return stacks.size();
    }

    /** True if there are no sites. */
    public boolean isEmpty() {
        return stacks.isEmpty();
    }

    /** An unmodifiable view of id to frames, in increasing id order. */
    public Map<Long, List<Frame>> asMap() {
        return Collections.unmodifiableMap(stacks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sites s && stacks.equals(s.stacks);
    }

    @Override
    public int hashCode() {
        return stacks.hashCode();
    }

    @Override
    public String toString() {
        return stacks.toString();
    }

    /**
     * One frame of a call stack: where a return address lies, in the ELF object it belongs to, and what
     * symbolization found there.
     *
     * @param module   path of the ELF object, or null when the address is in none known
     * @param offset   the address in the object's own terms (the process's address minus the object's load
     *                 bias, what {@code addr2line -e module} takes), or the process's address if module is null
     * @param function the function, demangled, or null
     * @param file     the source file, or null
     * @param line     the source line, or 0
     */
    public record Frame(String module, long offset, String function, String file, int line) {
        /** An unsymbolized frame. */
        public static Frame at(String module, long offset) {
            return new Frame(module, offset, null, null, 0);
        }

        /** The module's file name without its directory, or {@code ?}. */
        public String moduleName() {
            return module == null ? "?" : module.substring(module.lastIndexOf('/') + 1);
        }

        /**
         * {@code alloc_a (prog.c:12)}, {@code PyObject_Malloc (libpython3.13.so.1.0+0x1a2b)} without line
         * information, {@code libfoo.so+0x1a2b} without a name.
         */
        @Override
        public String toString() {
            String where = moduleName() + "+0x" + Long.toHexString(offset);
            if (function == null) {
                return where;
            }
            return function + " (" + (file != null && line > 0 ? file + ":" + line : where) + ")";
        }
    }
}
