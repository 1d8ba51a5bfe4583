package cmt.dsl;

/**
 * The analyses a {@link Trace} computes, named for {@link Trace#compute}, which runs several in one pass.
 * Each constant's table is described at the {@code Trace} method of the same name.
 */
public enum Analysis {
    /** {@link Trace#stats()}: counts, peaks, size and lifetime percentiles. */
    STATS,
    /** {@link Trace#sizes()}: requested sizes in power-of-two buckets (computed with {@code STATS}). */
    SIZES,
    /** {@link Trace#lifetimes()}: lifetimes in events, in power-of-two buckets (computed with {@code STATS}). */
    LIFETIMES,
    /** {@link Trace#live()}: live blocks and bytes over time. */
    LIVE,
    /** {@link Trace#pages()}: the working set in pages over time. */
    PAGES,
    /** {@link Trace#layout()}: gaps between address neighbours. */
    LAYOUT,
    /** {@link Trace#fragmentation()}: fragmentation measures (needs {@code LAYOUT} and {@code PAGES}). */
    FRAGMENTATION,
    /** {@link Trace#heapMap()}: a bounded sample of blocks with address and life span. */
    HEAP_MAP,
    /** {@link Trace#encoding()}: bytes per event of each format, raw and under zstd. */
    ENCODING
}
