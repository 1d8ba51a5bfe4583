package cmt.dsl.annotate;

import cmt.codec.AsciiSink;
import cmt.codec.Event;

/**
 * The original {@code lifetimes.py}: each free and realloc is noted with the size of the block it ends
 * and how many lines ago that block was allocated.
 *
 * <pre>
 * malloc(8) = 81d220b48&lt;6655&gt;
 * realloc(81d220b48&lt;6655&gt;, 16) = 81d3b83a0&lt;6656&gt;    # 8 bytes, allocated 1 lines ago
 * free(81d3b83a0&lt;6656&gt;)                             # 16 bytes, allocated 1 lines ago
 * </pre>
 *
 * The original keyed blocks by address; the reader resolves every free to its block already, so this
 * pass keeps no state at all.
 */
public final class LifetimesAnnotation extends Annotation {
    public LifetimesAnnotation(AsciiSink out) {
        super(out);
    }

    @Override
    protected void apply(Event e, boolean print) {
        if (print && e.op.releases()) {
            note().udec(e.oldSize).text(" bytes, allocated ").dec(lineOf(e) - oldLineOf(e)).text(" lines ago");
        }
    }
}
