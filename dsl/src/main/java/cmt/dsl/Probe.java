package cmt.dsl;

import cmt.codec.Event;

/**
 * One analysis riding a streaming pass: it sees every event of the view once and keeps only primitive
 * state whose size follows the live blocks (or a fixed bound), never the trace length.
 *
 * <p>A view's window does not reset the heap: events before the window still build the state (which
 * blocks are live, which pages they cover), so {@link #before} sees them without recording anything, and
 * {@link #accept} sees the events inside the window. Nothing after the window is read.
 */
interface Probe {
    /** An event before the view's window: update the heap state only. */
    void before(Event e);

    /** An event inside the view. */
    void accept(Event e);

    /** Called once after the last event; a probe may drop working state it no longer needs. */
    default void finish() {
    }
}
