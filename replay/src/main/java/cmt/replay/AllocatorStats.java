package cmt.replay;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The allocator's own account of its heap, where it offers one, as name -> bytes (or count):
 * <ul>
 * <li>jemalloc, {@code mallctl}: {@code stats.allocated} (bytes in live blocks), {@code active} (in
 *     active pages), {@code metadata}, {@code resident}, {@code mapped}, {@code retained}, after bumping
 *     {@code epoch} so that they are fresh. Only the replay uses this jemalloc, so they are the replay's.</li>
 * <li>mimalloc, {@code mi_process_info}: {@code current_commit}, {@code peak_commit} (memory mimalloc
 *     committed), {@code current_rss}, {@code peak_rss}, {@code page_faults} (these three for the process).</li>
 * <li>tcmalloc, {@code MallocExtension_GetNumericProperty}: {@code generic.current_allocated_bytes},
 *     {@code generic.heap_size}, {@code tcmalloc.pageheap_free_bytes},
 *     {@code tcmalloc.pageheap_unmapped_bytes}.</li>
 * <li>glibc, {@code mallinfo2}: {@code arena} (brk heap), {@code hblkhd} (mmapped), {@code uordblks} (in
 *     use), {@code fordblks} (free), {@code keepcost}. The JVM itself mallocs from the same heap, so only
 *     the difference between before and after the replay says something, and that only roughly.</li>
 * </ul>
 * Not on the replay's hot path: handles are made per reading.
 */
final class AllocatorStats {
    private static final String[] JEMALLOC = {
        "stats.allocated", "stats.active", "stats.metadata", "stats.resident", "stats.mapped", "stats.retained"};
    private static final String[] MIMALLOC = {
        "elapsed_ms", "user_ms", "system_ms", "current_rss", "peak_rss", "current_commit", "peak_commit", "page_faults"};
    private static final String[] TCMALLOC = {
        "generic.current_allocated_bytes", "generic.heap_size", "tcmalloc.pageheap_free_bytes",
        "tcmalloc.pageheap_unmapped_bytes"};
    private static final String[] MALLINFO2 = {
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"};

    private AllocatorStats() {
    }

    /** What {@code a} reports now; empty if it offers nothing cmt knows. */
    static Map<String, Long> read(Allocator a) {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            a.function("mallctl").ifPresent(f -> jemalloc(f, arena, m));
            a.function("mi_process_info").ifPresent(f -> mimalloc(f, arena, m));
            a.function("MallocExtension_GetNumericProperty").ifPresent(f -> tcmalloc(f, arena, m));
            if (a.isLibc()) {
                a.function("mallinfo2").ifPresent(f -> glibc(f, arena, m));
            }
        } catch (Throwable t) {
            m.put("error reading statistics", -1L);
        }
        return m;
    }

    private static void jemalloc(MemorySegment f, Arena arena, Map<String, Long> m) {
        MethodHandle mallctl = Native.LINKER.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
        MemorySegment len = arena.allocate(ValueLayout.JAVA_LONG);
        MemorySegment epoch = arena.allocate(ValueLayout.JAVA_LONG);
        epoch.set(ValueLayout.JAVA_LONG, 0, 1);
        len.set(ValueLayout.JAVA_LONG, 0, 8);
        call(mallctl, arena.allocateFrom("epoch"), value, len, epoch, 8L);
        for (String name : JEMALLOC) {
            len.set(ValueLayout.JAVA_LONG, 0, 8);
            if (call(mallctl, arena.allocateFrom(name), value, len, MemorySegment.NULL, 0L) == 0) {
                m.put("jemalloc." + name, value.get(ValueLayout.JAVA_LONG, 0));
            }
        }
    }

    private static void mimalloc(MemorySegment f, Arena arena, Map<String, Long> m) {
        MemoryLayout[] args = new MemoryLayout[MIMALLOC.length];
        java.util.Arrays.fill(args, ValueLayout.ADDRESS);
        MethodHandle info = Native.LINKER.downcallHandle(f, FunctionDescriptor.ofVoid(args));
        MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, MIMALLOC.length);
        Object[] ptrs = new Object[MIMALLOC.length];
        for (int i = 0; i < ptrs.length; i++) {
            ptrs[i] = out.asSlice(8L * i, 8);
        }
        try {
            info.invokeWithArguments(ptrs);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        for (int i = 3; i < MIMALLOC.length; i++) {
            m.put("mimalloc." + MIMALLOC[i], out.getAtIndex(ValueLayout.JAVA_LONG, i));
        }
    }

    private static void tcmalloc(MemorySegment f, Arena arena, Map<String, Long> m) {
        MethodHandle get = Native.LINKER.downcallHandle(f,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
        for (String name : TCMALLOC) {
            try {
                if ((int) get.invokeExact(arena.allocateFrom(name), value) != 0) {
                    m.put("tcmalloc." + name, value.get(ValueLayout.JAVA_LONG, 0));
                }
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
        }
    }

    private static void glibc(MemorySegment f, Arena arena, Map<String, Long> m) {
        MemoryLayout[] fields = new MemoryLayout[MALLINFO2.length];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = ValueLayout.JAVA_LONG.withName(MALLINFO2[i]);
        }
        MethodHandle mallinfo2 = Native.LINKER.downcallHandle(f, FunctionDescriptor.of(MemoryLayout.structLayout(fields)));
        try {
            MemorySegment s = (MemorySegment) mallinfo2.invokeExact((SegmentAllocator) arena);
            for (int i = 0; i < MALLINFO2.length; i++) {
                String name = MALLINFO2[i];
                if (name.equals("arena") || name.equals("hblkhd") || name.equals("uordblks")
                        || name.equals("fordblks") || name.equals("keepcost")) {
                    m.put("mallinfo2." + name, s.getAtIndex(ValueLayout.JAVA_LONG, i));
                }
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static int call(MethodHandle mallctl, MemorySegment name, MemorySegment old, MemorySegment len,
            MemorySegment nu, long nuLen) {
        try {
            return (int) mallctl.invokeExact(name, old, len, nu, nuLen);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
