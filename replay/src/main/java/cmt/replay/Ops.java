package cmt.replay;

import cmt.codec.Event;
import cmt.codec.Op;

/**
 * A batch of decoded trace events, column by column: what the replay loop reads, and what a C loop given
 * the same columns reads (the benchmark does exactly that). A batch is refilled in place, so a replay
 * of 10^9 events allocates its columns once.
 *
 * <pre>
 * column       type   meaning
 * op           byte   Op ordinal: 0 malloc, 1 calloc, 2 aligned, 3 realloc, 4 free
 * slot         int    the block's slot in the Heap; a realloc keeps its old block's slot
 * size         long   requested bytes (0 for a free)
 * aux          long   calloc: element count; aligned: alignment; realloc: the old block's size; else 0
 * address      long   written by the loop when kept: the pointer the allocator returned (0 for a free)
 * oldAddress   long   written by the loop when kept: the pointer a free or realloc handed back
 * usable       long   written by the loop: malloc_usable_size of the new block, when measured
 * worker       int    the replay thread that makes the call: recorded threads numbered from 0 as they
 *                     appear (0 for every event of a trace without threads, or of a one-thread replay)
 * tag, oldTag, thread, timestamp   copied from the event only when the trace is re-emitted
 * order        long   written by a threaded replay's loop when kept: when the call happened, among all
 *                     threads' calls (a free's before its call, an allocation's after it returned), the
 *                     order the re-emitted trace is written in
 * </pre>
 */
final class Ops {
    // Op ordinals as constants, for switch labels in the replay loop (checked against Op below).
    static final byte MALLOC = 0;
    static final byte CALLOC = 1;
    static final byte ALIGNED = 2;
    static final byte REALLOC = 3;
    static final byte FREE = 4;

    static {
        if (Op.MALLOC.ordinal() != MALLOC || Op.CALLOC.ordinal() != CALLOC || Op.ALIGNED.ordinal() != ALIGNED
                || Op.REALLOC.ordinal() != REALLOC || Op.FREE.ordinal() != FREE) {
            throw new ExceptionInInitializerError("cmt.codec.Op ordinals changed");
        }
    }

    final byte[] op;
    final int[] slot;
    final long[] size;
    final long[] aux;
    final long[] address;
    final long[] oldAddress;
    final long[] usable;
    final int[] worker;
    final long[] order;
    final long[] tag;
    final long[] oldTag;
    final long[] thread;
    final long[] timestamp;
    /** Whether the loop stores the pointers (to re-emit the trace, or to check them). */
    final boolean keepsAddresses;
    /** Trace index of the first event of the batch. */
    long base;
    /** Events held. */
    int count;

    /** A batch of {@code capacity} events; {@code full} keeps what re-emitting the trace needs. */
    Ops(int capacity, boolean full) {
        this(capacity, full, full);
    }

    /** A batch whose loop stores the pointers when {@code addresses} (always when {@code full}). */
    Ops(int capacity, boolean full, boolean addresses) {
        this(capacity, full, addresses, false);
    }

    /** As above, with the events' timestamps kept when {@code times} (for a paced replay) or {@code full}. */
    Ops(int capacity, boolean full, boolean addresses, boolean times) {
        keepsAddresses = full || addresses;
        op = new byte[capacity];
        slot = new int[capacity];
        size = new long[capacity];
        aux = new long[capacity];
        address = new long[capacity];
        oldAddress = new long[capacity];
        usable = new long[capacity];
        worker = new int[capacity];
        order = new long[keepsAddresses ? capacity : 0];
        int extra = full ? capacity : 0;
        tag = new long[extra];
        oldTag = new long[extra];
        thread = new long[extra];
        timestamp = new long[full || times ? capacity : 0];
    }

    int capacity() {
        return op.length;
    }

    boolean full() {
        return count == op.length;
    }

    /** A copy with room for {@code capacity} events (only the replay columns). */
    Ops grown(int capacity) {
        Ops o = new Ops(capacity, false);
        o.base = base;
        o.append(this);
        return o;
    }

    /** Appends the replay columns of {@code other}'s events. */
    void append(Ops other) {
        int n = other.count;
        System.arraycopy(other.op, 0, op, count, n);
        System.arraycopy(other.slot, 0, slot, count, n);
        System.arraycopy(other.size, 0, size, count, n);
        System.arraycopy(other.aux, 0, aux, count, n);
        System.arraycopy(other.worker, 0, worker, count, n);
        count += n;
    }

    /** Fills {@code e} with event {@code i} as replayed: the allocator's pointers instead of the trace's. */
    void replayed(int i, Event e) {
        e.clear();
        Op o = Op.of(op[i]);
        e.op = o;
        e.index = base + i;
        e.thread = thread[i];
        e.timestamp = timestamp[i];
        if (o != Op.FREE) {
            e.size = size[i];
            e.address = address[i];
            e.tag = tag[i];
        }
        if (o == Op.CALLOC) {
            e.count = aux[i];
        } else if (o == Op.ALIGNED) {
            e.alignment = aux[i];
        }
        if (o.releases()) {
            e.oldAddress = oldAddress[i];
            e.oldTag = oldTag[i];
        }
    }
}
