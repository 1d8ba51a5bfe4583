package cmt.codec.convert;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * What a converter changed or left out on the way from a recorder's output to a trace, by kind, with the
 * first input line of each: the report that makes a normalised trace honest. All zero for a recording
 * that maps one to one.
 */
public final class Normalisations {
    /** One kind of change, with the phrase used in reports. */
    public enum Kind {
        FREE_NULL("free(NULL) dropped"),
        FREE_ZERO_JEMALLOC("free(0x0) dropped (free(NULL), or malloc(0) on jemalloc >= 5.2, whose block the"
                + " recording does not name)"),
        FREE_NOT_LIVE("free of a pointer that is not live dropped"),
        REALLOC_NULL("realloc(NULL, n) written as malloc(n)"),
        REALLOC_NOT_LIVE("realloc of a pointer that is not live written as malloc"),
        REALLOC_TO_ZERO("realloc(p, 0) written as free(p)"),
        ZERO_SIZE("zero-size allocation written as 1 byte"),
        FAILED_ALLOCATION("failed allocation (NULL result) dropped"),
        ADDRESS_STILL_LIVE("allocation at an address still live: a free of the old block written first"),
        NO_RESULT("allocation whose result was never recorded dropped"),
        OTHER_PROCESS("record of another process skipped"),
        OTHER_FUNCTION("record of a function the trace model lacks skipped"),
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

    /** Counts one change made at input line {@code line} (1-based). */
    public void add(Kind kind, long line) {
        if (counts[kind.ordinal()]++ == 0) {
            firstLine[kind.ordinal()] = line;
        }
    }

    /** How many events were changed in the given way. */
    public long count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** The input line of the first change of this kind, or 0 if there was none. */
    public long firstLine(Kind kind) {
        return firstLine[kind.ordinal()];
    }

    /** Total number of changes. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    /**
     * e.g. {@code 3 free of a pointer that is not live dropped (first at line 17); 1 zero-size allocation
     * written as 1 byte (first at line 2)}; empty when nothing changed.
     */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner("; ");
        for (Kind k : Kind.values()) {
            if (count(k) != 0) {
                j.add(count(k) + " " + k.phrase() + " (first at line " + firstLine(k) + ")");
            }
        }
        return j.toString();
    }
}
