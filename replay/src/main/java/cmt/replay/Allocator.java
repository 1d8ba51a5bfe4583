package cmt.replay;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A memory allocator reached through {@code java.lang.foreign}: glibc's (the process's own malloc), a
 * named one installed from Debian, or any shared library that exports {@code malloc} and {@code free}.
 *
 * <pre>{@code
 * Allocator a = Allocator.load("jemalloc");   // or "glibc", "mimalloc", "tcmalloc", "/path/libmine.so"
 * a.library();                                // /usr/lib/x86_64-linux-gnu/libjemalloc.so.2
 * }</pre>
 *
 * Of the optional functions (calloc, realloc, memalign / posix_memalign / aligned_alloc,
 * malloc_usable_size) the library's own are used where it exports them; {@link #notes()} says how each
 * missing one is stood in for.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>A library is opened in {@link Arena#global()} and stays loaded until the process exits. Closing
 *     the arena that loaded a library unloads it: mimalloc, unloaded, leaves thread-exit hooks behind
 *     and the JVM crashes when a thread ends. The blocks a replay allocated would dangle as well.</li>
 * <li>An allocator is loaded once per process and cached by name, with its downcall handles and its
 *     bound {@link Loop}: making handles and defining the hidden class cost milliseconds, and a second
 *     load of the same library gives the same code anyway.</li>
 * <li>Looking a name up in a library handle searches the library's dependencies as well, so a library
 *     without its own {@code calloc} would hand out glibc's: mixing allocators crashes (a block freed by
 *     the wrong allocator crashes jemalloc and mimalloc and aborts tcmalloc). A symbol whose address is
 *     the process's own is therefore treated as missing.</li>
 * <li>Debian's jemalloc uses initial-exec TLS: dlopen succeeds only if the process started with
 *     {@code GLIBC_TUNABLES=glibc.rtld.optional_static_tls=4096} ({@link #TUNABLE}); replays in a child
 *     process always start it so.</li>
 * </ul>
 */
public final class Allocator {
    /** The allocators known by name, in the order {@code cmt compare} lists them. */
    public static final List<String> NAMED = List.of("glibc", "jemalloc", "mimalloc", "tcmalloc");
    /** The glibc tunable that makes room for libraries with static TLS (Debian's jemalloc) to be dlopened. */
    public static final String TUNABLE = "glibc.rtld.optional_static_tls=4096";

    /** Library file names (looked up by the dynamic loader) and the Debian packages that install them. */
    private static final Map<String, String[]> KNOWN = Map.of(
            "jemalloc", new String[] {"libjemalloc.so.2", "libjemalloc2"},
            "mimalloc", new String[] {"libmimalloc.so.2", "libmimalloc2.0"},
            "tcmalloc", new String[] {"libtcmalloc_minimal.so.4", "libgoogle-perftools4"});
    private static final Map<String, Allocator> LOADED = new ConcurrentHashMap<>();
    private static final FunctionDescriptor SIZE_TO_PTR = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    private static final FunctionDescriptor TWO_TO_PTR =
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);

    private final String name;
    private final String library;
    private final SymbolLookup lookup;
    private final boolean isLibc;
    private final List<String> notes = new ArrayList<>();
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final MethodHandle calloc;
    private final MethodHandle realloc;
    private final MethodHandle aligned;
    private final MethodHandle usable;
    private volatile Loop loop;

    private Allocator(String name, String file, SymbolLookup lookup, boolean isLibc) {
        this.name = name;
        this.lookup = lookup;
        this.isLibc = isLibc;
        this.malloc = handle("malloc", SIZE_TO_PTR).orElseThrow(() -> missing(name, file, "malloc"));
        this.free = handle("free", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG))
                .orElseThrow(() -> missing(name, file, "free"));
        this.library = function("malloc").flatMap(Native::fileOf).orElse(file);
        this.calloc = handle("calloc", TWO_TO_PTR).orElse(null);
        if (calloc == null) {
            notes.add("no calloc: malloc + memset");
        }
        this.realloc = handle("realloc", TWO_TO_PTR).orElse(null);
        if (realloc == null) {
            notes.add("no realloc: malloc + memcpy + free");
        }
        this.aligned = alignedHandle();
        this.usable = handle("malloc_usable_size", SIZE_TO_PTR).orElse(null);
        if (usable == null) {
            notes.add("no malloc_usable_size: usable bytes not measured");
        }
    }

    /**
     * Loads an allocator by name ({@link #NAMED}) or by the path of a shared library; loaded once per
     * process. Throws {@link ReplayException} with the reason when it cannot be loaded.
     */
    public static Allocator load(String nameOrPath) {
        return LOADED.computeIfAbsent(nameOrPath, Allocator::open);
    }

    private static Allocator open(String spec) {
        if (spec.equals("glibc")) {
            return new Allocator(spec, "libc.so.6", Native.LIBC, true);
        }
        String[] known = KNOWN.get(spec);
        String file;
        if (known != null) {
            file = known[0];
        } else {
            Path p = Path.of(spec);
            if (!Files.isRegularFile(p)) {
                throw new ReplayException(spec + ": no such allocator (known: " + String.join(", ", NAMED)
                        + "; or give the path of a shared library)");
            }
            file = p.toAbsolutePath().toString();
        }
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new ReplayException(spec + ": cannot load " + file + ": " + why(file, known));
        }
        return new Allocator(spec, file, lookup, false);
    }

    private static String why(String file, String[] known) {
        String reason = Native.loadError(file);
        if (reason.contains("static TLS")) {
            return reason + " (start the JVM with GLIBC_TUNABLES=" + TUNABLE
                    + ", or replay in a child process, the default)";
        }
        if (known != null && reason.contains("No such file")) {
            return "not installed (Debian package " + known[1] + ")";
        }
        return reason;
    }

    private static ReplayException missing(String name, String file, String symbol) {
        return new ReplayException(name + ": " + file + " does not export " + symbol);
    }

    /** The name it was loaded by. */
    public String name() {
        return name;
    }

    /** The file of the shared library that holds its malloc, as the dynamic loader reports it. */
    public String library() {
        return library;
    }

    /** How missing optional functions are stood in for; empty when the library has them all. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The library's own function {@code symbol}, if it exports one (not one of its dependencies'). */
    public Optional<MemorySegment> function(String symbol) {
        Optional<MemorySegment> s = lookup.find(symbol);
        if (isLibc || s.isEmpty()) {
            return s;
        }
        Optional<MemorySegment> process = Native.LIBC.find(symbol);
        return process.isPresent() && process.get().address() == s.get().address() ? Optional.empty() : s;
    }

    private Optional<MethodHandle> handle(String symbol, FunctionDescriptor fd) {
        return function(symbol).map(s -> Native.LINKER.downcallHandle(s, fd, Native.CALLS));
    }

    /** (alignment, size) -> pointer, from the most permissive function the library has. */
    private MethodHandle alignedHandle() {
        Optional<MethodHandle> memalign = handle("memalign", TWO_TO_PTR);
        if (memalign.isPresent()) {
            return memalign.get();
        }
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            Optional<MethodHandle> posix = handle("posix_memalign", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            if (posix.isPresent()) {
                long out = Arena.global().allocate(8, 8).address();
                MethodHandle m = l.findStatic(Allocator.class, "posixMemalign", MethodType.methodType(long.class,
                        MethodHandle.class, long.class, long.class, long.class));
                return MethodHandles.insertArguments(m, 0, posix.get(), out);
            }
            Optional<MethodHandle> c11 = handle("aligned_alloc", TWO_TO_PTR);
            if (c11.isPresent()) {
                notes.add("no memalign: aligned_alloc with the size rounded up to the alignment");
                MethodHandle m = l.findStatic(Allocator.class, "alignedAlloc", MethodType.methodType(long.class,
                        MethodHandle.class, long.class, long.class));
                return MethodHandles.insertArguments(m, 0, c11.get());
            }
            notes.add("no aligned allocation: malloc, alignment ignored");
            return MethodHandles.dropArguments(malloc, 0, long.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused") // through a method handle
    private static long posixMemalign(MethodHandle posix, long out, long alignment, long size) throws Throwable {
        int rc = (int) posix.invokeExact(out, Math.max(alignment, 8), size);
        return rc == 0 ? Native.ALL.get(ValueLayout.JAVA_LONG, out) : 0;
    }

    @SuppressWarnings("unused") // through a method handle
    private static long alignedAlloc(MethodHandle c11, long alignment, long size) throws Throwable {
        long a = Math.max(alignment, 1);
        return (long) c11.invokeExact(a, (size + a - 1) / a * a);
    }

    /** The replay loop bound to this allocator's functions (a hidden class made once, see LoopTemplate). */
    Loop loop() {
        Loop l = loop;
        if (l == null) {
            synchronized (this) {
                l = loop;
                if (l == null) {
                    loop = l = bind();
                }
            }
        }
        return l;
    }

    private Loop bind() {
        try (InputStream in = Allocator.class.getResourceAsStream("LoopTemplate.class")) {
            byte[] bytes = in.readAllBytes();
            List<MethodHandle> data = Arrays.asList(malloc, calloc, aligned, realloc, free, usable);
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, data, true);
            return (Loop) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the replay loop template", e);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** True if the library exports {@code malloc_usable_size}, so usable bytes can be measured. */
    boolean hasUsable() {
        return usable != null;
    }

    boolean isLibc() {
        return isLibc;
    }

    @Override
    public String toString() {
        return name + " (" + library + ")";
    }
}
