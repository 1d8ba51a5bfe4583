package cmt.replay;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The threads of one replay: how many the trace recorded and how many replayed it, how many calls ended
 * a block whose last call was on another thread, and, for a threaded replay ({@link Replay#threads}),
 * each thread's events and waits and the sampled latencies of the calls that crossed threads.
 *
 * @param recorded  threads in the trace (1 for a trace without thread ids)
 * @param used      replay threads: {@code recorded} for a threaded replay, else 1
 * @param crossing  frees and reallocs of a block whose last call (creation or realloc) was on another
 *                  recorded thread: on one replay thread these are same-thread frees, which is what a
 *                  one-thread replay of a threaded program gets wrong
 * @param events    events replayed by each replay thread, in the order the threads first appear
 * @param waits     by replay thread, how many of its events waited for another thread to return first
 * @param busyNanos by replay thread, the time it spent replaying its events, waits included
 * @param crossingLatency sampled latencies of the calls on a block another thread had last (threaded only)
 */
public record Threads(int recorded, int used, long crossing, List<Long> events, List<Long> waits,
        List<Long> busyNanos, PerOp<Histogram> crossingLatency) {
    /** Keeps its own copies of the lists. */
    public Threads {
        events = List.copyOf(events);
        waits = List.copyOf(waits);
        busyNanos = List.copyOf(busyNanos);
    }
}
