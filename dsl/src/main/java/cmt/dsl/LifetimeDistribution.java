package cmt.dsl;

import cmt.codec.Event;

/**
 * Lifetimes, in events, of the blocks ended (freed or reallocated) in the view: the index of the ending
 * event minus the index of the creating one, so a block freed right after its malloc lived 1 event.
 * Blocks still live at the end have no lifetime and are not counted (the stats table counts them).
 */
final class LifetimeDistribution implements Probe {
    final Distribution lifetimes = new Distribution();

    @Override
    public void before(Event e) {
    }

    @Override
    public void accept(Event e) {
        if (e.op.releases()) {
            lifetimes.record(e.index - e.oldIndex);
        }
    }
}
