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
            long p = 0;
            long old = 0;
            switch (k) {
                case Ops.MALLOC -> p = (long) MALLOC.invokeExact(sz);
                case Ops.CALLOC -> {
                    if (HAS_CALLOC) {
                        p = (long) CALLOC.invokeExact(aux[i], sz / aux[i]);
                    } else {
                        p = (long) MALLOC.invokeExact(sz);
                        if (p != 0) {
                            long unused = (long) Native.MEMSET.invokeExact(p, 0, sz);
                        }
                    }
                }
                case Ops.ALIGNED -> p = (long) ALIGNED.invokeExact(aux[i], sz);
                case Ops.REALLOC -> {
                    old = ptr[s];
                    if (HAS_REALLOC) {
                        p = (long) REALLOC.invokeExact(old, sz);
                    } else {
                        p = (long) MALLOC.invokeExact(sz);
                        if (p != 0) {
                            long unused = (long) Native.MEMCPY.invokeExact(p, old, Math.min(aux[i], sz));
                            FREE.invokeExact(old);
                        }
                    }
                }
                default -> {
                    old = ptr[s];
                    FREE.invokeExact(old);
                }
            }
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
            if (touch == 1) {
                for (long a = p, end = p + sz; a < end; a = (a | (PAGE - 1)) + 1) {
                    Native.ALL.set(ValueLayout.JAVA_BYTE, a, (byte) 1);
                }
            } else if (touch == 2) {
                long unused = (long) Native.MEMSET.invokeExact(p, 0x5a, sz);
            }
        }
        h.samples = samples;
        if (usable) {
            h.accountUsable(o, failed < 0 ? n : failed);
        }
        return failed;
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
