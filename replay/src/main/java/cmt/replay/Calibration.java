package cmt.replay;

/**
 * What timing costs on this machine, measured before each replay so that sampled latencies can be read
 * against it: an empty timed interval (two {@code System.nanoTime()} calls back to back; every latency
 * sample includes about this much) and an empty downcall (libc {@code labs} through a handle made as the replay's are,
 * the same kind of call the replay makes; every allocator call includes about this much).
 *
 * @param timerNs    mean of an empty timed interval, in nanoseconds
 * @param downcallNs mean cost of an empty downcall, in nanoseconds
 */
record Calibration(double timerNs, double downcallNs) {
    private static final int CALLS = 200_000;
    private static final int ROUNDS = 7;
    /** Keeps the calibration loop's results alive, so the JIT cannot drop the calls. */
    private static volatile long blackhole;

    /** Measures both, keeping the best of several rounds (the first ones run before the JIT has compiled). */
    static Calibration measure() {
        double timer = Double.MAX_VALUE;
        double call = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            timer = Math.min(timer, timer());
            call = Math.min(call, downcall());
        }
        return new Calibration(timer, call);
    }

    private static double timer() {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            sum += System.nanoTime() - t0;
        }
        return (double) sum / CALLS;
    }

    private static double downcall() {
        try {
            long sink = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                sink += (long) Native.LABS.invokeExact((long) i);
            }
            long t = System.nanoTime() - t0;
            blackhole = sink;
            return (double) t / CALLS;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
