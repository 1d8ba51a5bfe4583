package cmt.replay;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.foreign.ValueLayout;

/**
 * The replay loop, as a template: never loaded as itself, but defined again as a hidden class for every
 * allocator ({@link Allocator#loop()}), with that allocator's downcall handles as the class data.
 *
 * <p>Why a hidden class per allocator: a {@code MethodHandle} the JIT sees as a constant (a
 * {@code static final} field) is inlined down to the native stub; one read from an instance field is
 * called through its lambda form instead. Measured on glibc, a malloc+free pair costs 7.7 ns through
 * static final handles and 10.5 ns through instance fields, against 6.6 ns from C. Each hidden class has
 * its own statics, so several allocators can be loaded in one JVM and each loop still sees constants.
 * The {@code HAS_*} flags are constants too, so the branches for a missing function fold away.
 *
 * <p>Per event the loop publishes the event's index and op to the {@link Cursor} (two plain stores into
 * shared memory) before calling the allocator: after a crash that is how the calling process knows which
 * event it was. Nothing is allocated on the Java heap per event.
 *
 * <p>The loop does as little as it can besides calling: every value live across a downcall is spilled
 * and reloaded around it (Java code keeps nothing in callee-saved registers), so the bookkeeping is done
 * elsewhere: counts and requested bytes by the {@link Decoder}, usable bytes by
 * {@link Heap#accountUsable} after the batch, and the pointers for re-emitting are stored only when the
 * trace is re-emitted. On the 180,216-event hmmer trace this took the loop from 11.5 to 7 ns per event
 * against 4.4 ns for the same loop in C (see BENCHMARKS.md).
 */
final class LoopTemplate implements Loop {
    // Class data, in this order (Allocator#loop builds it).
    private static final MethodHandle MALLOC;   // (long size) long
    private static final MethodHandle CALLOC;   // (long count, long size) long, or null
    private static final MethodHandle ALIGNED;  // (long alignment, long size) long
    private static final MethodHandle REALLOC;  // (long ptr, long size) long, or null
    private static final MethodHandle FREE;     // (long ptr) void
    private static final MethodHandle USABLE;   // (long ptr) long, or null
    private static final boolean HAS_CALLOC;
    private static final boolean HAS_REALLOC;
    private static final boolean HAS_USABLE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MALLOC = MethodHandles.classDataAt(l, ConstantDescs.DEFAULT_NAME, MethodHandle.class, 0);
            CALLOC = MethodHandles.classDataAt(l, ConstantDescs.DEFAULT_NAME, MethodHandle.class, 1);
            ALIGNED = MethodHandles.classDataAt(l, ConstantDescs.DEFAULT_NAME, MethodHandle.class, 2);
            REALLOC = MethodHandles.classDataAt(l, ConstantDescs.DEFAULT_NAME, MethodHandle.class, 3);
            FREE = MethodHandles.classDataAt(l, ConstantDescs.DEFAULT_NAME, MethodHandle.class, 4);
            USABLE = MethodHandles.classDataAt(l, ConstantDescs.DEFAULT_NAME, MethodHandle.class, 5);
            HAS_CALLOC = CALLOC != null;
            HAS_REALLOC = REALLOC != null;
            HAS_USABLE = USABLE != null;
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExceptionInInitializerError("LoopTemplate is only used as a hidden class: " + e);
        }
    }

    private static final int PAGE = 4096;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    LoopTemplate() {
    }

    @Override
    public int run(Ops ops, Heap heap) {
        try {
            return loop(ops, heap);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static int loop(Ops o, Heap h) throws Throwable {
        final byte[] op = o.op;
        final int[] slot = o.slot;
        final long[] size = o.size;
        final long[] aux = o.aux;
        final long[] address = o.address;
        final long[] oldAddress = o.oldAddress;
        final long[] usableOf = o.usable;
        final long[] ptr = h.ptr;
        final int touch = h.touch;
        final long limit = h.sampleLimit;
        final boolean usable = HAS_USABLE && h.usable;
        final long cursor = h.cursor;
        final long base = o.base;
        final int n = o.count;
        final boolean record = o.keepsAddresses;
        int samples = 0;
        int failed = -1;
        for (int i = 0; i < n; i++) {
            final byte k = op[i];
            final int s = slot[i];
            final long sz = size[i];
            final long index = base + i;
            Native.ALL.set(WORD, cursor, index << 3 | k);
            Native.ALL.set(WORD, cursor + 8, sz);
            final boolean timed = Long.compareUnsigned(index * Heap.GOLDEN, limit) < 0;
            final long t0 = timed ? System.nanoTime() : 0;
            final long old = k >= Ops.REALLOC ? ptr[s] : 0;
            final long p = call(k, sz, aux[i], old);
            if (timed) {
                h.sampleNs[samples] = System.nanoTime() - t0;
                h.sampleOp[samples++] = k;
            }
            if (record) {
                address[i] = p;
                oldAddress[i] = old;
            }
            if (k == Ops.FREE) {
                ptr[s] = 0;
                continue;
            }
            if (p == 0) {
                failed = i;
                break;
            }
            ptr[s] = p;
            if (usable) {
                usableOf[i] = (long) USABLE.invokeExact(p);
            }
            touch(touch, p, sz);
        }
        h.samples = samples;
        if (usable) {
            h.accountUsable(o, failed < 0 ? n : failed);
        }
        return failed;
    }

    /** The allocator call of event kind {@code k}; {@code old} is the block a realloc or free ends. */
    private static long call(byte k, long sz, long aux, long old) throws Throwable {
        switch (k) {
            case Ops.MALLOC -> {
                return (long) MALLOC.invokeExact(sz);
            }
            case Ops.CALLOC -> {
                if (HAS_CALLOC) {
                    return (long) CALLOC.invokeExact(aux, sz / aux);
                }
                long p = (long) MALLOC.invokeExact(sz);
                if (p != 0) {
                    long unused = (long) Native.MEMSET.invokeExact(p, 0, sz);
                }
                return p;
            }
            case Ops.ALIGNED -> {
                return (long) ALIGNED.invokeExact(aux, sz);
            }
            case Ops.REALLOC -> {
                if (HAS_REALLOC) {
                    return (long) REALLOC.invokeExact(old, sz);
                }
                long p = (long) MALLOC.invokeExact(sz);
                if (p != 0) {
                    long unused = (long) Native.MEMCPY.invokeExact(p, old, Math.min(aux, sz));
                    FREE.invokeExact(old);
                }
                return p;
            }
            default -> {
                FREE.invokeExact(old);
                return 0;
            }
        }
    }

    /** What {@link Touch} asks of a new block. */
    private static void touch(int touch, long p, long sz) throws Throwable {
        if (touch == 1) {
            for (long a = p, end = p + sz; a < end; a = (a | (PAGE - 1)) + 1) {
                Native.ALL.set(ValueLayout.JAVA_BYTE, a, (byte) 1);
            }
        } else if (touch == 2) {
            long unused = (long) Native.MEMSET.invokeExact(p, 0x5a, sz);
        }
    }

    @Override
    public void runLane(Ops ops, Heap heap, Lane lane, Crew crew) {
        try {
            lane(ops, heap, lane, crew);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * {@link #loop} over one thread's events of the batch: before an event on a block another thread had
     * last, it waits until that thread's call on it has returned ({@link Crew#await}); after each event it
     * publishes how many of its events have returned. Usable sizes are accounted by the crew afterwards, in
     * trace order.
     */
    private static void lane(Ops o, Heap h, Lane lane, Crew crew) throws Throwable {
        lane.ensureSamples();
        final byte[] op = o.op;
        final int[] slot = o.slot;
        final long[] size = o.size;
        final long[] aux = o.aux;
        final long[] address = o.address;
        final long[] oldAddress = o.oldAddress;
        final long[] ptr = h.ptr;
        final int touch = h.touch;
        final long limit = h.sampleLimit;
        final boolean usable = HAS_USABLE && h.usable;
        final long cursor = lane.cursor;
        final long base = o.base;
        final boolean record = o.keepsAddresses;
        final long[] order = o.order;
        final long[] usableOf = lane.usable;
        final int[] position = lane.position;
        final int[] waitFor = lane.waitFor;
        final int[] waitCount = lane.waitCount;
        final boolean[] crosses = lane.crosses;
        final int me = lane.worker;
        final int n = lane.count;
        final boolean paced = crew.pacing();
        final long[] counts = crew.counts();
        final long[] stamp = o.timestamp;
        int samples = 0;
        for (int j = 0; j < n; j++) {
            final int i = position[j];
            final int other = waitFor[j];
            if (other >= 0 && !crew.await(other, waitCount[j], lane)) {
                break;
            }
            if (paced && stamp[i] != cmt.codec.Event.NONE) {
                crew.awaitStamp(stamp[i]);
            }
            final byte k = op[i];
            final int s = slot[i];
            final long sz = size[i];
            final long index = base + i;
            Native.ALL.set(WORD, cursor, index << 3 | k);
            Native.ALL.set(WORD, cursor + 8, sz);
            final boolean timed = Long.compareUnsigned(index * Heap.GOLDEN, limit) < 0;
            final long t0 = timed ? System.nanoTime() : 0;
            final long old = k >= Ops.REALLOC ? ptr[s] : 0;
            // A freed block may be handed out again as soon as free starts: a free (and a realloc, which
            // may free) takes its place in the order before the call, an allocation after it has its pointer.
            if (record && k >= Ops.REALLOC) {
                order[i] = crew.next();
            }
            final long p = call(k, sz, aux[i], old);
            if (record && k < Ops.REALLOC) {
                order[i] = crew.next();
            }
            if (timed) {
                lane.sampleNs[samples] = System.nanoTime() - t0;
                lane.sampleOp[samples] = k;
                lane.sampleCrosses[samples++] = crosses[j];
            }
            if (record) {
                address[i] = p;
                oldAddress[i] = old;
            }
            if (k == Ops.FREE) {
                ptr[s] = 0;
            } else if (p == 0) {
                lane.failed = i;
                crew.stop();
                break;
            } else {
                ptr[s] = p;
                if (usable) {
                    usableOf[j] = (long) USABLE.invokeExact(p);
                }
                touch(touch, p, sz);
            }
            Native.ALL.set(WORD, cursor + 24, index + 1);
            Crew.returned(counts, me, j + 1);
        }
        lane.samples = samples;
    }

    @Override
    public void freeAll(Heap h, int slots) {
        try {
            long[] ptr = h.ptr;
            for (int s = 0; s < slots; s++) {
                if (ptr[s] != 0) {
                    FREE.invokeExact(ptr[s]);
                    ptr[s] = 0;
                }
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
