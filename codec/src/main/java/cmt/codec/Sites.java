package cmt.codec;

import java.util.Collections;
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

    /** Defines (or redefines) site {@code id}. */
    public void define(long id, List<Frame> frames) {
        stacks.put(id, List.copyOf(frames));
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
}
