package cmt.replay;

import cmt.codec.Output;

/**
 * The {@link Watchdog} of a replay in this process: a daemon thread that polls it every 100 ms.
 *
 * <p>A time limit reached is handed to the replay, which stops cleanly at its next batch (the output
 * deleted, the blocks freed). An allocator call that does not return cannot be undone from Java: the
 * thread is inside native code and no exception reaches it. So when one has not returned for the stall
 * limit (or a time limit was not obeyed within the stall limit, or {@value #GRACE_MILLIS} ms without
 * one), the guard prints the one line that says so on standard error, deletes partial outputs and ends
 * the process with status 1. A replay in a child process (the default) is killed
 * instead, and the caller lives on.
 */
final class Guard implements AutoCloseable {
    private static final long POLL_MILLIS = 100;
    private static final long GRACE_MILLIS = 10_000;

    private final Watchdog watchdog;
    private final long graceNanos;
    private final Thread thread;
    private volatile String expired;

    private Guard(Cursor cursor, Settings s) {
        this.watchdog = new Watchdog(cursor, s);
        this.graceNanos = (s.stallMillis() > 0 ? s.stallMillis() : GRACE_MILLIS) * 1_000_000L;
        this.thread = Thread.ofPlatform().daemon().name("cmt-replay-guard").unstarted(this::watch);
    }

    /** Starts watching a replay with {@code s}'s limits; nothing to watch when it has none. */
    static Guard start(Cursor cursor, Settings s) {
        if (s.timeoutMillis() <= 0 && s.stallMillis() <= 0) {
            return null;
        }
        Guard g = new Guard(cursor, s);
        g.thread.start();
        return g;
    }

    /** Called by the replay between batches: stops it if its time is up. */
    void stopIfExpired() {
        String why = expired;
        if (why != null) {
            throw new ReplayException(why);
        }
    }

    private void watch() {
        try {
            long expiredAt = 0;
            while (true) {
                Thread.sleep(POLL_MILLIS);
                String why = watchdog.check();
                if (why == null) {
                    if (expired != null && System.nanoTime() - expiredAt > graceNanos) {
                        halt(expired);
                    }
                    continue;
                }
                if (watchdog.stalled()) {
                    halt(why);
                }
                if (expired == null) {
                    expired = why;
                    expiredAt = System.nanoTime();
                } else if (System.nanoTime() - expiredAt > graceNanos) {
                    halt(expired);
                }
            }
        } catch (InterruptedException done) {
            // the replay ended
        }
    }

    private static void halt(String why) {
        System.err.println("cmt: " + why + " (in process: ending it)");
        System.err.flush();
        // Not System.exit: its hooks and the libraries' destructors would run beside the stuck call and
        // could wait on the allocator's lock. So the hooks' work, the deletion of partial outputs, is
        // done here, and then the process ends.
        Output.removePending();
        Native.exitNow(1);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
