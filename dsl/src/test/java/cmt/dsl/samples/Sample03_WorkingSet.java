package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cmt.codec.Op;
import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;

/**
 * Sample 3: the working set, and the realloc the original forgot.
 *
 * <p>{@code pages()} is the number of pages covered by live blocks after each event: a total, not a
 * delta, with a page counted once however many blocks share it. The original {@code overhead.py} printed
 * per-event deltas and, for a realloc, only the pages the old block gave back, never those the new block
 * covered. That accounting is the working set of a heap in which realloc's new blocks do not exist, which
 * a view can show: {@code whereOp(Op.MALLOC)} keeps only malloc-made blocks (a realloc of one becomes its
 * free). Here the realloc moves a block from page 1 to page 5 and the wrong count falls one page behind.
 */
public class Sample03_WorkingSet {
    static final String TRACE = """
            malloc(100) = 1000
            realloc(1000, 200) = 5000
            malloc(100) = 9000
            """;

    public static void main(String[] args) {
        Trace t = Trace.of(TRACE);
        System.out.println(t.points(100).pages().printAll());
        System.out.println(t.pages(16384).printAll());
    }

    /** Wrong: realloc's new block left out. */
    static long[] withoutReallocResults(Trace t) {
        return t.whereOp(Op.MALLOC).points(100).pages().longColumn("pages last").asLongArray();
    }

    /** Right: every live block counts. */
    static long[] workingSet(Trace t) {
        return t.points(100).pages().longColumn("pages last").asLongArray();
    }

    @Test
    void pagesAreATotal() {
        Trace t = Trace.of(TRACE);
        assertArrayEquals(new long[] {1, 1, 2}, workingSet(t));
        assertArrayEquals(new long[] {1, 0, 1}, withoutReallocResults(t));
        // with 64 KiB pages every block is on page 0
        assertArrayEquals(new long[] {1, 1, 1}, t.points(100).pages(65536).longColumn("pages last").asLongArray());
    }
}
