package cmt.replay;

import cmt.codec.Event;
import cmt.codec.Op;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * A threaded replay's threads: the events of each recorded thread are replayed by a native thread of its
 * own, calling the allocator through the same loop as a one-thread replay ({@link Loop#runLane}), so a
 * block made on one thread and freed on another is freed on another here too, as allocators' per-thread
 * caches and arenas need to see it.
 *
 * <p>Order. Each thread keeps the trace order of its own events. Across threads, only what the trace
 * implies is kept: an event that ends or reallocates a block whose last call (its creation, or a realloc)
 * was on another thread waits until that call has returned (the synchronisation glibc's trace_run makes
 * with its SYNC records), and reads the block's pointer only then. Nothing else is ordered, so threads run
 * as concurrently as the program's did. Waits always point to an earlier event of the trace, so no two
 * threads can wait for each other. A slot is reused only by the thread that freed it ({@link Decoder}), so
 * reusing one never orders two threads.
 *
 * <p>Batches. The trace is decoded in batches of {@value Settings#THREADED_BATCH} events (a crew is a
 * {@link Loop}, so the engine runs a threaded replay as it runs any other); each thread replays its part
 * of a batch, and the batch ends when all have. The caller's thread replays the first recorded thread;
 * the others are started as their threads first appear. A thread waiting for another spins briefly, then
 * yields; a thread between batches parks. Counts of events that returned are published with release
 * stores and read with acquire loads, which is what makes a block's pointer, written by one thread, visible
 * to the one that frees it.
 *
 * <p>After each batch the crew merges the threads' timed samples into the heap's, in no particular order,
 * and accounts usable sizes in trace order.
 */
final class Crew implements Loop, AutoCloseable {
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs between two threads' counts: one cache line each, so that publishing one does not slow another. */
    private static final int PAD = 16;
    private static final int SPINS = 1 << 10;

    private final Loop loop;
    private final Thread caller = Thread.currentThread();
    private final List<Lane> lanes = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private volatile long[] returned = new long[PAD];
    private volatile boolean stopped;
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean closed;
    private long batch;
    // Pacing: the first timestamp of the trace and when its event was replayed (NONE until then).
    private boolean pacing;
    private long firstStamp = Event.NONE;
    private long origin;

    // By slot s, in one cache line: last[2s] the batch of the block's last call (0: none yet), last[2s + 1]
    // its worker << 32 | its rank in that worker's lane.
    private long[] last = new long[2048];
    // Lanes planned in advance (Program), replayed as they are by the first batch.
    private boolean planned;

    // What was measured across batches.
    private final PerOp<Histogram> crossing = Latency.emptyHistograms();
    private long[] events = new long[1];

    private IntToLongFunction threadOf = w -> Event.NONE;

    Crew(Loop loop) {
        this.loop = loop;
    }

    /** A crew whose first batch is the one {@code plan} was made for by {@link #plan}. */
    Crew(Loop loop, List<Lane> plan) {
        this.loop = loop;
        for (int w = 0; w < plan.size(); w++) {
            addLane(plan.get(w));
        }
        planned = true;
    }

    /** Where the recorded thread id of a worker comes from (for crash reports). */
    void threadIds(IntToLongFunction of) {
        threadOf = of;
        for (Lane l : lanes) {
            l.thread = of.applyAsLong(l.worker);
            l.cursor = 0;
        }
    }

    /** Replays one batch on the threads its events belong to; the position of a NULL return, or -1. */
    @Override
    public int run(Ops ops, Heap heap) {
        if (pacing && firstStamp == Event.NONE) {
            for (int i = 0; i < ops.count; i++) {
                if (ops.timestamp[i] != Event.NONE) {
                    firstStamp = ops.timestamp[i];
                    origin = System.nanoTime();
                    break;
                }
            }
        }
        if (planned) {
            planned = false;
            batch++;
            for (Lane l : lanes) {
                l.restart();
            }
        } else {
            schedule(ops);
        }
        for (Lane l : lanes) {
            if (l.cursor == 0) {
                l.cursor = Cursor.lane(heap.cursor, l.worker, l.thread);
            }
        }
        long[] counts = returned;
        Arrays.fill(counts, 0);
        stopped = false;
        for (int w = 1; w < lanes.size(); w++) {
            if (lanes.get(w).count > 0) {
                workers.get(w - 1).start(ops, heap, batch);
            }
        }
        Throwable error = null;
        Lane first = lanes.getFirst();
        long t0 = System.nanoTime();
        try {
            loop.runLane(ops, heap, first, this);
        } catch (Throwable t) {
            stop();
            error = t;
        }
        first.busyNanos += System.nanoTime() - t0;
        for (int w = 1; w < lanes.size(); w++) {
            if (lanes.get(w).count > 0) {
                Throwable t = workers.get(w - 1).await(batch);
                error = error == null ? t : error;
            }
        }
        if (error != null) {
            throw Native.rethrow(error);
        }
        return merge(ops, heap);
    }

    /** The lanes of {@code ops} as one batch, as {@link #run} would replay them (for a C baseline). */
    List<Lane> plan(Ops ops) {
        schedule(ops);
        return List.copyOf(lanes);
    }

    /** Splits the batch into lanes and finds, for each event, the other thread it must wait for. */
    private void schedule(Ops ops) {
        batch++;
        for (Lane l : lanes) {
            l.clear();
        }
        final int[] worker = ops.worker;
        final int[] slot = ops.slot;
        final byte[] op = ops.op;
        final long b = batch;
        long[] last = this.last;
        Lane[] byWorker = lanes.toArray(new Lane[0]);
        for (int i = 0; i < ops.count; i++) {
            int w = worker[i];
            if (w >= byWorker.length) {
                while (w >= lanes.size()) {
                    addLane(new Lane(lanes.size()));
                }
                byWorker = lanes.toArray(new Lane[0]);
            }
            int s = slot[i];
            if (2 * s + 1 >= last.length) {
                last = this.last = Arrays.copyOf(last, Math.max(2 * s + 2, last.length * 2));
            }
            Lane lane = byWorker[w];
            long lastBatch = last[2 * s];
            long lastCall = last[2 * s + 1];
            int lastWorker = (int) (lastCall >>> 32);
            int waitFor = -1;
            int waitCount = 0;
            boolean crossing = op[i] >= Ops.REALLOC && lastWorker != w && lastBatch > 0;
            // A call of an earlier batch has returned already: every thread finished that batch.
            if (crossing && lastBatch == b) {
                waitFor = lastWorker;
                waitCount = (int) lastCall + 1;
            }
            last[2 * s] = b;
            last[2 * s + 1] = (long) w << 32 | lane.count;
            lane.add(i, waitFor, waitCount, crossing);
        }
    }

    private void addLane(Lane lane) {
        int w = lanes.size();
        lane.thread = threadOf.applyAsLong(w);
        lanes.add(lane);
        if (w > 0) {
            workers.add(new Worker(w));
        }
        if ((w + 1) * PAD > returned.length) {
            returned = new long[Math.max(returned.length * 2, (w + 1) * PAD)];
        }
        events = Arrays.copyOf(events, w + 1);
    }

    /** Collects the lanes' samples into the heap's and accounts usable sizes in trace order. */
    private int merge(Ops ops, Heap heap) {
        int failed = -1;
        int samples = 0;
        for (Lane l : lanes) {
            if (l.failed >= 0 && (failed < 0 || l.failed < failed)) {
                failed = l.failed;
            }
            for (int k = 0; k < l.samples; k++) {
                if (samples < heap.sampleOp.length) {
                    heap.sampleOp[samples] = l.sampleOp[k];
                    heap.sampleNs[samples++] = l.sampleNs[k];
                }
                if (l.sampleCrosses[k]) {
                    crossing.of(Op.of(l.sampleOp[k])).recordValue(Math.max(0, l.sampleNs[k]));
                }
            }
            events[l.worker] += l.count;
            if (heap.usable) {
                for (int j = 0; j < l.count; j++) {
                    ops.usable[l.position[j]] = l.usable[j];
                }
            }
        }
        heap.samples = samples;
        if (heap.usable) {
            heap.accountUsable(ops, failed < 0 ? ops.count : failed);
        }
        return failed;
    }

    /**
     * Waits until {@code worker} has returned from {@code count} events of this batch; false if the replay
     * stopped meanwhile (another thread's allocation returned NULL).
     */
    boolean await(int worker, int count, Lane waiting) {
        long[] counts = returned;
        int at = worker * PAD;
        if ((long) COUNTS.getAcquire(counts, at) >= count) {
            return true;
        }
        waiting.waits++;
        for (int spin = 0; ; spin++) {
            if ((long) COUNTS.getAcquire(counts, at) >= count) {
                return true;
            }
            if (stopped) {
                return false;
            }
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** The counts of this batch, to be read once per lane: {@link #returned(long[], int, int)} publishes to them. */
    long[] counts() {
        return returned;
    }

    /** Publishes that {@code worker} has returned from {@code count} events of this batch. */
    static void returned(long[] counts, int worker, int count) {
        COUNTS.setRelease(counts, worker * PAD, (long) count);
    }

    /** The next place in the order the threads' calls happened in (only kept when the trace is re-emitted). */
    long next() {
        return calls.getAndIncrement();
    }

    /**
     * The positions of the batch's first {@code done} events in the order their calls happened: what the
     * re-emitted trace is written in, so that it reads back as a valid trace although threads ran in no
     * fixed order. One case that order cannot settle: a realloc that moves its block frees the old one and
     * takes the new one inside one call, so another thread's free of the new address may have come just
     * before the realloc returned, after it started. Then the allocation that would find its address still
     * live in the order is preceded by the event that ends the block holding it (a later position of that
     * block's slot), and that event by what it needs in turn; such moves are counted ({@link #reordered}).
     */
    int[] happened(Ops ops, int done) {
        int[] byOrder = new int[done];
        for (int i = 0; i < done; i++) {
            byOrder[i] = i;
        }
        long[] order = ops.order;
        IntArrays.quickSort(byOrder, (a, b) -> Long.compare(order[a], order[b]));
        // Per slot, the positions that end a block in it, in trace order.
        Int2ObjectOpenHashMap<IntArrayList> ends =
                new Int2ObjectOpenHashMap<>();
        for (int i = 0; i < done; i++) {
            if (ops.op[i] >= Ops.REALLOC) {
                ends.computeIfAbsent(ops.slot[i], k -> new IntArrayList()).add(i);
            }
        }
        int[] out = new int[done];
        boolean[] placed = new boolean[done];
        int[] n = {0};
        for (int i : byOrder) {
            place(ops, i, placed, out, n, ends);
        }
        return out;
    }

    private final Long2IntOpenHashMap emittedLive = new Long2IntOpenHashMap();
    private long reordered;

    private void place(Ops ops, int i, boolean[] placed, int[] out, int[] n,
            Int2ObjectOpenHashMap<IntArrayList> ends) {
        if (placed[i]) {
            return;
        }
        placed[i] = true;
        byte k = ops.op[i];
        if (k >= Ops.REALLOC) {
            emittedLive.remove(ops.oldAddress[i]);
        }
        if (k != Ops.FREE) {
            long a = ops.address[i];
            if (emittedLive.containsKey(a)) {
                int holder = emittedLive.get(a);
                IntArrayList list = ends.get(holder);
                if (list != null) {
                    for (int j = 0; j < list.size(); j++) {
                        int e = list.getInt(j);
                        if (!placed[e] && ops.oldAddress[e] == a) {
                            reordered++;
                            place(ops, e, placed, out, n, ends);
                            break;
                        }
                    }
                }
            }
            emittedLive.put(a, ops.slot[i]);
        }
        out[n[0]++] = i;
    }

    /** Events the re-emitted trace moved before the call that found their block's address still live. */
    long reordered() {
        return reordered;
    }

    /**
     * Paces the replay from now on: each call waits until as long after the first timestamped event as its
     * timestamp is after that event's ({@code ns=}), so threads run as they ran when recorded, at most as fast.
     */
    void pace() {
        pacing = true;
    }

    /** True if calls wait for their timestamps. */
    boolean pacing() {
        return pacing && firstStamp != Event.NONE;
    }

    /** Waits until the replay is as far from its start as {@code stamp} was from the first timestamp. */
    void awaitStamp(long stamp) {
        long due = origin + (stamp - firstStamp);
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            long left = due - now;
            if (left > 200_000) {
                LockSupport.parkNanos(left - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Forgets what the warm-up's calls counted. */
    void clearCounts() {
        Arrays.fill(events, 0);
        for (Lane l : lanes) {
            l.waits = 0;
            l.busyNanos = 0;
        }
        for (Op op : Op.values()) {
            crossing.of(op).reset();
        }
    }

    /** Stops every thread's lane at its next wait: an allocation returned NULL. */
    void stop() {
        stopped = true;
    }

    @Override
    public void runLane(Ops ops, Heap heap, Lane lane, Crew crew) {
        loop.runLane(ops, heap, lane, crew);
    }

    @Override
    public void freeAll(Heap heap, int slots) {
        loop.freeAll(heap, slots);
    }

    /** Sampled latencies of the calls on a block another thread had last. */
    PerOp<Histogram> crossingLatency() {
        return crossing;
    }

    /** Events each thread replayed. */
    List<Long> eventsByThread() {
        List<Long> l = new ArrayList<>();
        for (long e : events) {
            l.add(e);
        }
        return l;
    }

    /** Nanoseconds each thread spent replaying its events, waits included. */
    List<Long> busyByThread() {
        return lanes.stream().map(l -> l.busyNanos).toList();
    }

    /** Times a thread had to wait for another, by thread. */
    List<Long> waitsByThread() {
        return lanes.stream().map(l -> l.waits).toList();
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** A replay thread other than the caller's: replays its lane of every batch it is started for. */
    private final class Worker implements Runnable {
        final Lane lane;
        final Thread thread;
        volatile long go;
        volatile long done;
        volatile Ops ops;
        volatile Heap heap;
        volatile Throwable error;

        Worker(int w) {
            lane = lanes.get(w);
            thread = Thread.ofPlatform().daemon().name("cmt-replay-" + w).start(this);
        }

        void start(Ops o, Heap h, long batch) {
            ops = o;
            heap = h;
            error = null;
            go = batch;
            LockSupport.unpark(thread);
        }

        /** Waits until this batch's lane has run; what it threw, or null. */
        Throwable await(long batch) {
            for (int spin = 0; done != batch; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
            return error;
        }

        @Override
        public void run() {
            long seen = 0;
            while (!closed) {
                long b = go;
                if (b == seen) {
                    LockSupport.park(this);
                    continue;
                }
                seen = b;
                long t0 = System.nanoTime();
                try {
                    loop.runLane(ops, heap, lane, Crew.this);
                } catch (Throwable t) {
                    error = t;
                    stop();
                } finally {
                    lane.busyNanos += System.nanoTime() - t0;
                    done = b;
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
