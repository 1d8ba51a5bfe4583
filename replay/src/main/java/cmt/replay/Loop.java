package cmt.replay;

/**
 * The replay loop bound to one allocator: implemented only by hidden classes defined from
 * {@link LoopTemplate}, one per allocator, whose allocator handles are constants to the JIT.
 */
interface Loop {
    /**
     * Replays the events of {@code ops} against {@code heap}; returns the position in the batch of an
     * allocation that returned NULL (the replay stops there), or -1.
     */
    int run(Ops ops, Heap heap);

    /**
     * Replays one thread's events of {@code ops} ({@link Lane}) against {@code heap}, waiting for the other
     * threads of {@code crew} where the lane says; a NULL return is left in {@link Lane#failed}.
     */
    void runLane(Ops ops, Heap heap, Lane lane, Crew crew);

    /** Frees every block still live in slots [0, slots). */
    void freeAll(Heap heap, int slots);
}
