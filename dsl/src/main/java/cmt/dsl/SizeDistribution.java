package cmt.dsl;

import cmt.codec.Event;

/** Requested sizes of the blocks created in the view (malloc, calloc, aligned, and realloc's new block). */
final class SizeDistribution implements Probe {
    final Distribution sizes = new Distribution();

    @Override
    public void before(Event e) {
    }

    @Override
    public void accept(Event e) {
        if (e.op.creates()) {
            sizes.record(e.size);
        }
    }
}
