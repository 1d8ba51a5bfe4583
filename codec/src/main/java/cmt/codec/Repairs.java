package cmt.codec;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How many events a {@link Leniency#LENIENT} reader changed, by kind; all zero for a clean trace.
 */
public final class Repairs {
    /** One kind of rewrite, with the phrase used in reports. */
    public enum Kind {
        FREE_NULL("free(NULL) dropped"),
        FREE_NOT_LIVE("free of a pointer that is not live dropped"),
        REALLOC_NOT_LIVE("realloc of NULL or of a pointer that is not live made a malloc"),
        ZERO_SIZE("zero-size allocation made 1 byte"),
        REALLOC_TO_ZERO("realloc(p, 0) made free(p)"),
        FAILED_ALLOCATION("failed allocation (NULL result) dropped"),
        ADDRESS_STILL_LIVE("free of a block inserted before an allocation that reused its address");

        private final String phrase;

        Kind(String phrase) {
            this.phrase = phrase;
        }

        /** Human-readable description of the rewrite. */
        public String phrase() {
            return phrase;
        }
    }

    private final long[] counts = new long[Kind.values().length];

    void add(Kind kind) {
        counts[kind.ordinal()]++;
    }

    /** How many events were changed in the given way. */
    public long count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** Total number of changes. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Non-zero counts by kind, in declaration order. */
    public Map<Kind, Long> asMap() {
        Map<Kind, Long> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            if (counts[k.ordinal()] != 0) {
                m.put(k, counts[k.ordinal()]);
            }
        }
        return m;
    }

    /** e.g. {@code 3 free(NULL) dropped, 1 zero-size allocation made 1 byte}; empty when nothing changed. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        asMap().forEach((k, n) -> j.add(n + " " + k.phrase()));
        return j.toString();
    }
}
