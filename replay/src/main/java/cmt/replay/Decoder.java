package cmt.replay;


import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * Turns a stream of resolved events into {@link Ops} batches, giving every live block a small integer
 * slot: tag -> slot here, slot -> pointer in the {@link Heap}. Slots of ended blocks are reused, so both
 * tables follow the number of live blocks, never the trace length (no table indexed by tag).
 *
 * <p>Each event also gets its worker: its recorded thread, numbered from 0 as threads appear. For a
 * threaded replay, which gives each worker a thread of its own, slots are also reused per worker: a slot freed by worker w goes back to w's own list and is taken again only
 * by w, so reusing a slot never orders two threads (the thread that frees a slot reads its pointer; another
 * thread writing the slot's next pointer first would make it free the wrong block).
 */
final class Decoder {
    private final TraceReader reader;
    private final Event e = new Event();
    /** Sized up front, as in {@code LiveBlocks}: fastutil rehashes a map whenever it falls to a quarter full. */
    private final Long2IntOpenHashMap slots = new Long2IntOpenHashMap(1 << 12);
    private final boolean threaded;
    private final Long2IntOpenHashMap workers = new Long2IntOpenHashMap();
    private int[][] freeSlots = {new int[256]};
    private int[] freeCount = new int[1];
    private int used;
    /** Fresh slots a worker of a threaded replay takes at once. */
    private static final int CHUNK = 8;
    /** By slot: the worker of the block's last call, to count the calls that cross threads. */
    private int[] slotWorker = new int[1024];

    // What the trace asks for, whatever the allocator: counts by op, requested bytes, live blocks.
    final long[] opCount = new long[5];
    /** Frees and reallocs of a block whose last call (its creation, or a realloc) was on another thread. */
    long crossEnds;
    long requested;
    long liveRequested;
    long peakRequested;
    long liveBlocks;
    long peakBlocks;

    Decoder(TraceReader reader) {
        this(reader, false);
    }

    /** A decoder that gives each recorded thread a worker of its own if {@code threaded}. */
    Decoder(TraceReader reader, boolean threaded) {
        this.reader = reader;
        this.threaded = threaded;
        slots.defaultReturnValue(-1);
        workers.defaultReturnValue(-1);
    }

    /** Events decoded so far. */
    long events() {
        long n = 0;
        for (long c : opCount) {
            n += c;
        }
        return n;
    }

    /** The recorded thread id of {@code worker}, or {@link Event#NONE}. */
    long recorded(int worker) {
        for (var en : workers.long2IntEntrySet()) {
            if (en.getIntValue() == worker) {
                return en.getLongKey();
            }
        }
        return Event.NONE;
    }

    /** Recorded threads seen so far (at least 1: a trace without thread ids is one thread). */
    int threads() {
        return Math.max(1, workers.size());
    }

    /** Slots handed out so far: the size the Heap's tables must have. */
    int slotsUsed() {
        return used;
    }

    /** Refills {@code ops} with the next events; false when the trace has no more. */
    boolean next(Ops ops) {
        ops.count = 0;
        boolean full = ops.tag.length > 0;
        boolean timed = ops.timestamp.length > 0;
        while (!ops.full() && reader.next(e)) {
            int i = ops.count++;
            if (i == 0) {
                ops.base = e.index;
            }
            Op op = e.op;
            opCount[op.ordinal()]++;
            if (op.releases()) {
                liveRequested -= e.oldSize;
                liveBlocks--;
            }
            if (op.creates()) {
                requested += e.size;
                liveRequested += e.size;
                liveBlocks++;
                peakRequested = Math.max(peakRequested, liveRequested);
                peakBlocks = Math.max(peakBlocks, liveBlocks);
            }
            int w = worker(e.thread);
            ops.worker[i] = w;
            int pool = threaded ? w : 0;
            ops.op[i] = (byte) op.ordinal();
            ops.size[i] = e.size;
            ops.aux[i] = op == Op.CALLOC ? Math.max(1, e.count) : op == Op.ALIGNED ? e.alignment
                    : op == Op.REALLOC ? e.oldSize : 0;
            int s;
            if (op.releases()) {
                s = slots.remove(e.oldTag);
                if (slotWorker[s] != w) {
                    crossEnds++;
                }
                if (op == Op.FREE) {
                    release(pool, s);
                } else {
                    slots.put(e.tag, s);
                }
            } else {
                s = take(pool);
                slots.put(e.tag, s);
            }
            ops.slot[i] = s;
            if (s >= slotWorker.length) {
                slotWorker = Arrays.copyOf(slotWorker, Math.max(s + 1, slotWorker.length * 2));
            }
            slotWorker[s] = w;
            if (full) {
                ops.tag[i] = e.tag;
                ops.oldTag[i] = e.oldTag;
                ops.thread[i] = e.thread;
            }
            if (timed) {
                ops.timestamp[i] = e.timestamp;
            }
        }
        return ops.count > 0;
    }

    /** The worker of recorded thread {@code thread}; a trace without threads has one, worker 0. */
    private int worker(long thread) {
        int w = workers.get(thread);
        if (w < 0) {
            w = workers.size();
            workers.put(thread, w);
            if (threaded && w == freeCount.length) {
                freeCount = Arrays.copyOf(freeCount, w + 1);
                freeSlots = Arrays.copyOf(freeSlots, w + 1);
                freeSlots[w] = new int[16];
            }
        }
        return w;
    }

    private int take(int w) {
        if (freeCount[w] > 0) {
            return freeSlots[w][--freeCount[w]];
        }
        if (!threaded) {
            return used++;
        }
        // A cache line of pointers (8 slots) per thread: two threads storing the pointers of blocks made
        // at the same time would otherwise write the same line of the heap's table, one store in two.
        int s = used;
        used += CHUNK;
        for (int k = CHUNK - 1; k > 0; k--) {
            release(w, s + k);
        }
        return s;
    }

    private void release(int w, int s) {
        if (freeCount[w] == freeSlots[w].length) {
            freeSlots[w] = Arrays.copyOf(freeSlots[w], freeCount[w] * 2);
        }
        freeSlots[w][freeCount[w]++] = s;
    }
}
