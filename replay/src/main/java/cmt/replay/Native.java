package cmt.replay;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The few C library functions replay needs besides the allocator's own: dynamic-loader queries for
 * diagnostics, and memset/memcpy for touching memory and for the fallbacks of an allocator that lacks
 * calloc or realloc.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>Every handle here is created once, at class initialisation, and held in a {@code static final}
 *     field: creating a downcall handle generates a stub (tens of microseconds), while a constant handle
 *     lets the JIT inline the call down to the stub. The allocator's own handles are cached the same way,
 *     per allocator, in a hidden class (see {@link LoopTemplate}).</li>
 * <li>Pointers cross the boundary as {@code JAVA_LONG}, not {@code ADDRESS}: a returned {@code ADDRESS}
 *     is a new {@link MemorySegment} object, i.e. one heap allocation per call.</li>
 * <li>Calls on the replay path in a replay's child process use {@link Linker.Option#critical(boolean)
 *     critical(false)}: no thread state transition, about half the cost of a plain downcall. The price is
 *     that a safepoint (a GC, a deoptimisation) waits while the native function runs, and every other
 *     Java thread with it: harmless in a child, which its parent watches and kills. In any other process
 *     (an in-process replay, a notebook kernel) they are plain downcalls, so that the {@link Guard}'s
 *     thread keeps running while an allocator call never returns. The child is told by the system
 *     property {@value #CRITICAL_PROPERTY}.</li>
 * <li>{@link #ALL} is one segment spanning the whole address space, in the global scope, so writing
 *     to an allocator's block needs no segment object per block and no liveness check.</li>
 * </ul>
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIBC = LINKER.defaultLookup();
    /** The whole address space, for raw stores into blocks the allocator returned. */
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** Set to true in a JVM whose replay calls may be critical (see the notes above). */
    static final String CRITICAL_PROPERTY = "cmt.replay.critical";
    /** The linker options of every call on the replay path in this process. */
    static final Linker.Option[] CALLS = Boolean.getBoolean(CRITICAL_PROPERTY)
            ? new Linker.Option[] {Linker.Option.critical(false)} : new Linker.Option[0];

    /** void *memset(void *s, int c, size_t n). */
    static final MethodHandle MEMSET = libc("memset",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    /** void *memcpy(void *d, const void *s, size_t n). */
    static final MethodHandle MEMCPY = libc("memcpy",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    /** long labs(long): the cheapest function libc has, to calibrate the cost of a downcall. */
    static final MethodHandle LABS = libc("labs", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));

    private static final StructLayout DL_INFO = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("dli_fname"), ValueLayout.ADDRESS.withName("dli_fbase"),
            ValueLayout.ADDRESS.withName("dli_sname"), ValueLayout.ADDRESS.withName("dli_saddr"));
    private static final int RTLD_LAZY = 1;
    private static final MethodHandle DLOPEN = plain("dlopen",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle DLERROR = plain("dlerror", FunctionDescriptor.of(ValueLayout.ADDRESS));
    private static final MethodHandle DLADDR = plain("dladdr",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    /** void _exit(int): ends the process at once, needing nothing of the JVM (see {@link #exitNow}). */
    private static final MethodHandle EXIT = plain("_exit", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));

    private Native() {
    }

    /**
     * Ends this process with {@code status} now, without the JVM: shutdown hooks and library destructors
     * would run beside an allocator call that has not returned (in the allocator's own state, perhaps
     * holding its lock), and could hang on it.
     */
    static void exitNow(int status) {
        try {
            EXIT.invokeExact(status);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A handle to a libc function for the replay path (critical in a child). */
    static MethodHandle libc(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, CALLS);
    }

    private static MethodHandle plain(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd);
    }

    /**
     * Why the dynamic loader refuses {@code library}: FFM reports only "Cannot open library", while
     * dlerror says e.g. "cannot allocate memory in static TLS block". Opening again is harmless: the
     * library failed to load, and a library that did load only gains a reference count.
     */
    static String loadError(String library) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = (MemorySegment) DLOPEN.invokeExact(a.allocateFrom(library), RTLD_LAZY);
            if (!h.equals(MemorySegment.NULL)) {
                return "loads with dlopen but not through java.lang.foreign";
            }
            MemorySegment msg = (MemorySegment) DLERROR.invokeExact();
            return msg.equals(MemorySegment.NULL) ? "unknown error" : msg.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return t.toString();
        }
    }

    /** The file of the shared object that contains {@code address}, if the loader knows one. */
    static Optional<String> fileOf(MemorySegment address) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(DL_INFO);
            int ok = (int) DLADDR.invokeExact(address, info);
            MemorySegment name = info.get(ValueLayout.ADDRESS, 0);
            if (ok == 0 || name.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            return Optional.of(name.reinterpret(4096).getString(0));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /** Rethrows what a downcall threw; downcalls throw only on programming errors. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
