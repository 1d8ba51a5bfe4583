package cmt.codec;

/**
 * What one trace event does to the heap.
 *
 * <p>The original toolset knew three operations; {@link #CALLOC} and {@link #ALIGNED} are allocations
 * with one more argument, kept apart so that a converter never has to drop them (dropping them breaks
 * every later free of the block). Every analysis that only cares about "a block appears" tests
 * {@link #allocates()}.
 */
public enum Op {
    /** {@code malloc(size) = address}. */
    MALLOC,
    /** {@code calloc(count, size / count) = address}; {@link Event#size} is the product. */
    CALLOC,
    /** {@code memalign(alignment, size) = address}, also standing for posix_memalign, aligned_alloc, valloc. */
    ALIGNED,
    /** {@code realloc(oldAddress, size) = address}: the old block ends and a new one (new tag) begins. */
    REALLOC,
    /** {@code free(oldAddress)}. */
    FREE;

    private static final Op[] VALUES = values();

    /** True if the event creates a new block without ending one. */
    public boolean allocates() {
        return this == MALLOC || this == CALLOC || this == ALIGNED;
    }

    /** True if the event ends an existing block (free and realloc). */
    public boolean releases() {
        return this == REALLOC || this == FREE;
    }

    /** True if the event creates a block (every operation but free). */
    public boolean creates() {
        return this != FREE;
    }

    /** The operation with the given ordinal, for binary formats. */
    public static Op of(int ordinal) {
        return VALUES[ordinal];
    }
}
