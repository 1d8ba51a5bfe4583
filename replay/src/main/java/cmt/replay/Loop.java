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

    /** Frees every block still live in slots [0, slots). */
    void freeAll(Heap heap, int slots);
}
