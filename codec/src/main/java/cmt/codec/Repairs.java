package cmt.codec;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What was changed on the way from the input to the events handed out, by kind, with the first input
 * line of each: the report that keeps a repaired trace honest. A {@link Leniency#LENIENT} reader counts
 * its rewrites here, and a converter from a recorder's output both those and what it skipped. All zero
 * for an input that maps one to one.
 */
public final class Repairs {
    /** One kind of change, with the phrase used in reports. */
    public enum Kind {
        /** {@code free(NULL)}. */
        FREE_NULL("free(NULL) dropped"),
        /** kdump's {@code free(0x0)}. */
        FREE_ZERO_JEMALLOC("free(0x0) dropped (free(NULL), or malloc(0) on jemalloc >= 5.2, whose block the"
                + " recording does not name)"),
        /** A free of a pointer that is not live. */
        FREE_NOT_LIVE("free of a pointer that is not live dropped"),
        /**
         * A free written before the allocation of its block on another thread (the two threads' records
         * crossed in the recorder): moved right after that allocation.
         */
        FREE_BEFORE_ALLOCATION("free recorded before its block's allocation on another thread moved after it"),
        /** {@code realloc(NULL, n) = p}. */
        REALLOC_NULL("realloc(NULL, n) made malloc(n)"),
        /** A realloc of a pointer that is not live. */
        REALLOC_NOT_LIVE("realloc of a pointer that is not live made a malloc"),
        /** {@code realloc(p, 0) = NULL}. */
        REALLOC_TO_ZERO("realloc(p, 0) made free(p)"),
        /** Any zero-size allocation, {@code realloc(p, 0) = q} included. */
        ZERO_SIZE("zero-size allocation made 1 byte"),
        /** An allocation that returned NULL (a failed realloc leaves its block live). */
        FAILED_ALLOCATION("failed allocation (NULL result) dropped"),
        /** An allocation returning a pointer that is still live (its free was not recorded). */
        ADDRESS_STILL_LIVE("allocation at an address still live: a free of the old block inserted first"),
        /** A call whose result the recorder never wrote. */
        NO_RESULT("allocation whose result was never recorded dropped"),
        /** A record of a process other than the one kept. */
        OTHER_PROCESS("record of another process skipped"),
        /** A record of a function the trace model lacks. */
        OTHER_FUNCTION("record of a function the trace model lacks skipped"),
        /** A mapping record. */
        MAPPING("mmap/munmap record skipped (the trace model has no mappings)");

        private final String phrase;

        Kind(String phrase) {
            this.phrase = phrase;
        }

        /** Human-readable description of the change. */
        public String phrase() {
            return phrase;
        }
    }

    private final long[] counts = new long[Kind.values().length];
    private final long[] firstLine = new long[Kind.values().length];

    /** Counts one change made at input line {@code line} (1-based, or {@link Event#NONE} for binary input). */
    public void add(Kind kind, long line) {
        if (counts[kind.ordinal()]++ == 0) {
            firstLine[kind.ordinal()] = line;
        }
    }

    /** How many events were changed in the given way. */
    public long count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** The input line of the first change of this kind, or {@link Event#NONE} if there was none or no line. */
    public long firstLine(Kind kind) {
        return counts[kind.ordinal()] == 0 ? Event.NONE : firstLine[kind.ordinal()];
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

    /**
     * e.g. {@code 3 free(NULL) dropped (first at line 12); 1 zero-size allocation made 1 byte (first at
     * line 2)}; empty when nothing changed.
     */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner("; ");
        asMap().forEach((k, n) -> {
            long line = firstLine(k);
            j.add(n + " " + k.phrase() + (line == Event.NONE ? "" : " (first at line " + line + ")"));
        });
        return j.toString();
    }
}
