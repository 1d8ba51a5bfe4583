package cmt.replay;


import cmt.codec.TraceReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A trace decoded once into replay operations held in memory, to be replayed many times: what a
 * benchmark of the replay loop itself needs (a {@link Replay} streams instead, and measures much more).
 *
 * <pre>{@code
 * Program p = Program.load(TraceReader.open(path));
 * p.replay(Allocator.load("jemalloc"), Touch.NONE, 0, false);   // the loop as Replay runs it
 * Program.Columns c = p.columns(arena);                          // the same operations for a C loop
 * }</pre>
 *
 * The columns are those of the replay loop's batches: op (byte, {@code cmt.codec.Op} ordinal), slot
 * (int; a realloc keeps its block's slot, a free names the slot it ends), size (long, requested bytes),
 * aux (long, calloc count or alignment).
 */
public final class Program {
    private final Ops ops;
    private final int slots;
    private final boolean threaded;
    private List<Lane> plan;
    /** Never freed: the loop stores into it by address (64 bytes per program). */
    private final long cursor = Arena.global().allocate(Cursor.BYTES, 8).address();

    private Program(Ops ops, int slots, boolean threaded) {
        this.ops = ops;
        this.slots = slots;
        this.threaded = threaded;
    }

    /** Reads every event of {@code reader} (and closes it); at most 2^31 - 1 events. */
    public static Program load(TraceReader reader) {
        return load(reader, false);
    }

    /**
     * Reads every event of {@code reader} (and closes it), for a replay on the recorded threads if
     * {@code threaded} ({@link Replay#threads}); at most 2^31 - 1 events.
     */
    public static Program load(TraceReader reader, boolean threaded) {
        try (reader) {
            Decoder d = new Decoder(reader, threaded);
            Ops all = new Ops(1 << 16, false);
            Ops batch = new Ops(Settings.BATCH, false);
            while (d.next(batch)) {
                long n = all.count;
                if (n + batch.count > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException(reader.name() + ": too many events to hold in memory");
                }
                all = all.capacity() >= n + batch.count ? all : all.grown((int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(2L * all.capacity(), n + batch.count)));
                all.append(batch);
            }
            return new Program(all, d.slotsUsed(), threaded);
        }
    }

    /** Events held. */
    public int events() {
        return ops.count;
    }

    /** Most blocks live at once: the size of the pointer table a replay needs. */
    public int slots() {
        return slots;
    }

    /**
     * Replays every event through {@code a} in this process with the replay loop as {@link Replay} runs
     * it, then frees the blocks still live; returns the events replayed. Not timed: time it from outside.
     *
     * @throws ReplayException if an allocation returns NULL
     */
    public long replay(Allocator a, Touch touch, int sampleEvery, boolean usable) {
        Heap heap = new Heap(touch, sampleEvery, usable, cursor, ops.count);
        heap.ensure(slots);
        Loop loop = threaded ? new Crew(a.loop(), plan()) : a.loop();
        int failed;
        try {
            failed = loop.run(ops, heap);
            loop.freeAll(heap, slots);
        } finally {
            if (loop instanceof Crew c) {
                c.close();
            }
        }
        if (failed >= 0) {
            throw ReplayException.returnedNull(a.name(), ops, failed);
        }
        return ops.count;
    }

    /**
     * The program split into its threads' lanes, made once, as a threaded workload is prepared before it
     * runs (glibc's trace2wl): a C loop reads the same lanes ({@link #lanes}), so neither side's time
     * includes the split.
     */
    private List<Lane> plan() {
        if (plan == null) {
            plan = new Crew(null).plan(ops);
        }
        return plan;
    }

    /** The four columns in native memory of {@code arena}, for a loop in C. */
    public Columns columns(Arena arena) {
        int n = ops.count;
        MemorySegment op = arena.allocate(n);
        MemorySegment slot = arena.allocate(4L * n, 8);
        MemorySegment size = arena.allocate(8L * n, 8);
        MemorySegment aux = arena.allocate(8L * n, 8);
        MemorySegment.copy(ops.op, 0, op, ValueLayout.JAVA_BYTE, 0, n);
        MemorySegment.copy(ops.slot, 0, slot, ValueLayout.JAVA_INT, 0, n);
        MemorySegment.copy(ops.size, 0, size, ValueLayout.JAVA_LONG, 0, n);
        MemorySegment.copy(ops.aux, 0, aux, ValueLayout.JAVA_LONG, 0, n);
        return new Columns(op, slot, size, aux);
    }

    /**
     * For a threaded program, each thread's share of the whole program as one batch, in native memory of
     * {@code arena}: what a C loop on the same threads needs (see {@link Lanes}).
     */
    public Lanes lanes(Arena arena) {
        if (!threaded) {
            throw new IllegalStateException("lanes are of a program loaded for a threaded replay");
        }
        List<Lane> lanes = plan();
        int total = ops.count;
        MemorySegment start = arena.allocate(8L * (lanes.size() + 1), 8);
        MemorySegment position = arena.allocate(4L * Math.max(1, total), 8);
        MemorySegment waitFor = arena.allocate(4L * Math.max(1, total), 8);
        MemorySegment waitCount = arena.allocate(4L * Math.max(1, total), 8);
        long at = 0;
        for (int l = 0; l < lanes.size(); l++) {
            Lane lane = lanes.get(l);
            start.setAtIndex(ValueLayout.JAVA_LONG, l, at);
            MemorySegment.copy(lane.position, 0, position, ValueLayout.JAVA_INT, 4 * at, lane.count);
            MemorySegment.copy(lane.waitFor, 0, waitFor, ValueLayout.JAVA_INT, 4 * at, lane.count);
            MemorySegment.copy(lane.waitCount, 0, waitCount, ValueLayout.JAVA_INT, 4 * at, lane.count);
            at += lane.count;
        }
        start.setAtIndex(ValueLayout.JAVA_LONG, lanes.size(), at);
        return new Lanes(lanes.size(), start, position, waitFor, waitCount);
    }

    /**
     * The lanes of a threaded program in native memory: lane {@code l} holds the events at
     * {@code position[start[l] .. start[l + 1])}, each waiting, unless {@code waitFor} is -1, until that
     * lane has returned from {@code waitCount} of its events.
     *
     * @param count     lanes
     * @param start     int64_t[count + 1]
     * @param position  int32_t[events]: positions in the program
     * @param waitFor   int32_t[events]: the lane to wait for, or -1
     * @param waitCount int32_t[events]: how many of its events must have returned
     */
    public record Lanes(int count, MemorySegment start, MemorySegment position, MemorySegment waitFor,
            MemorySegment waitCount) {
    }

    /**
     * A program's operations in native memory, one array per column.
     *
     * @param op   uint8_t[events]
     * @param slot int32_t[events]
     * @param size int64_t[events]
     * @param aux  int64_t[events]
     */
    public record Columns(MemorySegment op, MemorySegment slot, MemorySegment size, MemorySegment aux) {
    }
}
