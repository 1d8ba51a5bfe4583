package cmt.dsl;

import cmt.codec.Event;
import cmt.codec.Op;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

/**
 * Keeps the blocks a view selects and rewrites the stream so that it is again a valid trace: a filtered
 * view is the sub-trace of the selected blocks' lives, so live bytes, pages and gaps stay meaningful.
 *
 * <p>A block is selected or not when it is created, by the event that creates it (its op, size, thread,
 * tag). The event that ends a selected block is kept. A realloc whose old block is selected but whose new
 * one is not becomes a free; the reverse becomes a malloc; a realloc with neither is dropped. So a view of
 * {@code whereOp(Op.MALLOC)} counts the blocks malloc created, and a realloc of one of them shows as its
 * free. Memory: one hash entry per live selected block.
 */
final class BlockFilter {
    /** A test on the event that creates a block. */
    @FunctionalInterface
    interface Predicate {
        boolean test(Event creating);

        default Predicate and(Predicate other) {
            return e -> test(e) && other.test(e);
        }
    }

    private final Predicate predicate;
    private final LongOpenHashSet selected = new LongOpenHashSet();

    BlockFilter(Predicate predicate) {
        this.predicate = predicate;
    }

    /** True if the (possibly rewritten) event belongs to the view. */
    boolean keep(Event e) {
        Op op = e.op;
        boolean oldKept = op.releases() && selected.remove(e.oldTag);
        boolean newKept = op.creates() && predicate.test(e);
        if (newKept) {
            selected.add(e.tag);
        }
        if (op != Op.REALLOC) {
            return op == Op.FREE ? oldKept : newKept;
        }
        if (oldKept && !newKept) {
            e.op = Op.FREE;
            e.size = e.address = e.tag = 0;
        } else if (newKept && !oldKept) {
            e.op = Op.MALLOC;
            e.oldAddress = e.oldTag = e.oldSize = 0;
            e.oldIndex = e.oldLine = Event.NONE;
        }
        return oldKept || newKept;
    }

    /**
     * A well-mixed 64-bit hash (the SplitMix64 finalizer), so that sampling by tag does not follow a
     * program's regular allocation patterns.
     */
    static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }

    /** Selects about {@code fraction} of all blocks, the same ones on every pass. */
    static Predicate sample(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("sample fraction must be in (0, 1]: " + fraction);
        }
        if (fraction == 1) {
            return e -> true;
        }
        long threshold = (long) (fraction * 0x1p63) << 1;
        return e -> Long.compareUnsigned(mix(e.tag), threshold) < 0;
    }
}
