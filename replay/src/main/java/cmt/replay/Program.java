package cmt.replay;


import cmt.codec.TraceReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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
    /** Never freed: the loop stores into it by address (64 bytes per program). */
    private final long cursor = Arena.global().allocate(Cursor.BYTES, 8).address();

    private Program(Ops ops, int slots) {
        this.ops = ops;
        this.slots = slots;
    }

    /** Reads every event of {@code reader} (and closes it); at most 2^31 - 1 events. */
    public static Program load(TraceReader reader) {
        try (reader) {
            Decoder d = new Decoder(reader);
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
            return new Program(all, d.slotsUsed());
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
        Loop loop = a.loop();
        int failed = loop.run(ops, heap);
        loop.freeAll(heap, slots);
        if (failed >= 0) {
            throw ReplayException.returnedNull(a.name(), ops, failed);
        }
        return ops.count;
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
