package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.Repairs.Kind;
import cmt.codec.Sites;
import cmt.codec.Sites.Frame;
import cmt.codec.TraceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * glibc's mtrace log: what {@code mtrace()} writes to the file named by {@code MALLOC_TRACE} (from glibc
 * 2.34 on only with {@code libc_malloc_debug.so.0} preloaded). One record per line, each after the caller
 * of the call it records; pointers are {@code %p} ({@code (nil)} for NULL), sizes {@code %#lx} ({@code 0}
 * for zero):
 *
 * <pre>
 * = Start                                              mtrace() opened the log
 * &#64; ./p:(alloc_a+18)[0x11e1] + 0x556d9ae642a0 0xa      + BLOCK SIZE: malloc, calloc, memalign, posix_memalign,
 *                                                      aligned_alloc, valloc, pvalloc, realloc(NULL, n)
 * &#64; ./p:[0x1230] - 0x556d9ae644c0                      - BLOCK: free (not free(NULL)), realloc(p, 0)
 * &#64; ./p:[0x11a8] &lt; 0x55b6fe80c2a0                      realloc(p, n) = q: &lt; p, and on the next line
 * &#64; ./p:[0x11a8] &gt; 0x55b6fe80c4a0 0x64                 &gt; q SIZE
 * &#64; ./p:[0x121c] ! 0x55b6fe80c2a0 0xffffffffffffffff   ! p SIZE: a failed realloc (p stays live)
 * &#64; ./p:[0x12de] + (nil) 0xffffffffffffff9b            a failed allocation
 * &#64; /lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x9e9aa] + 0x556d9ae642a0 0x6
 * + 0x556d9ae642a0 0x10                                no caller known
 * = End                                                muntrace() closed it
 * </pre>
 *
 * The caller is the call's return address; each distinct one is a site of one frame, numbered from 0 in
 * the order allocations first name it:
 *
 * <table>
 * <caption>The caller forms</caption>
 * <tr><th>written</th><th>frame</th></tr>
 * <tr><td>{@code @ MODULE:[0xOFF]}</td><td>MODULE, OFF (no symbol found by {@code dladdr})</td></tr>
 * <tr><td>{@code @ MODULE:(FN+X)[0xOFF]}, {@code (FN-X)}</td><td>MODULE, OFF, function FN (as glibc has it:
 * mangled for C++) unless symbolization finds one</td></tr>
 * <tr><td>{@code @ [0xADDR]}</td><td>no module, the process's address (dladdr found no object)</td></tr>
 * <tr><td>none</td><td>no site</td></tr>
 * </table>
 *
 * OFF is the return address minus where the module's first page is mapped: the module's own address for
 * shared libraries and position-independent programs, which start at 0; for a program linked at a fixed
 * address (-no-pie) the converter adds its first segment's address (0x400000 on x86-64), read from the
 * ELF file. MODULE is the path the dynamic loader opened, relative ones ({@code ./p}, a library found
 * through {@code LD_LIBRARY_PATH=.}) to the program's working directory, which the converter is given;
 * the program itself is named by its {@code argv[0]}, a bare name when it was found on PATH, which the
 * converter maps to the executable it is given. The frames are symbolized ({@link Symbolizer}) when
 * {@link #sites()} is first asked, and modules not found are reported.
 *
 * <p>The trace has only malloc, realloc and free: glibc writes every allocation as {@code +}, so calloc
 * and the aligned calls become malloc (pvalloc's size as glibc writes it, one byte more than its pages);
 * no thread ids, no times. Failed calls are dropped and counted; {@code - (nil)} is taken as free(NULL).
 *
 * <p>glibc writes through a 512-byte stdio buffer that only exit flushes: after {@code _exit} or a fatal
 * signal the last piece is missing and the log may end inside a line. Every record glibc writes ends with
 * a line end, so a last line without one is cut (its numbers may be too) and is skipped and reported; a
 * {@code <} whose {@code >} never came is counted as a call without a result. A child forked without exec
 * keeps writing into the same log, with a copy of the lines still buffered at the fork, in pieces that cut
 * into the parent's lines: a line holding two records is refused saying so, a {@code = Start} while the
 * log is open is reported ({@code cmt record} sends forked children's logs to /dev/null). {@code = Start}
 * and {@code = End} pairs repeat when the program stops and restarts tracing; the calls in between are
 * not in the log.
 */
final class MtraceConverter extends Converter {
    /** What dladdr could say about one caller, as first read. */
    private record Caller(String module, long offset, String function) {
    }

    /** A caller's place: a module (null: none) and the offset in it, or the address. */
    private record Place(String module, long offset) {
    }

    private final Path directory;
    private final Path program;
    /** By the caller's text between "@ " and "]": text repeats exactly for the same return address. */
    private final Map<String, Caller> callers = new HashMap<>();
    private final Map<Caller, Long> ids = new HashMap<>();
    private final Map<Place, Long> byPlace = new HashMap<>();
    private final List<Caller> sites = new ArrayList<>();
    private String lastText;
    private Caller lastCaller;
    private Cursor c;
    private boolean open;
    private long reopened;
    private long starts;
    private boolean reallocPending;
    private long reallocOld;
    private boolean cut;
    private Sites table;

    /**
     * {@code directory}: the program's working directory, against which relative module paths are taken
     * (null: the current one); {@code program}: the executable that a module named without a '/' stands
     * for (glibc names the program by argv[0]), or null to take such names as paths too.
     */
    MtraceConverter(Path directory, Path program) {
        this.directory = directory == null ? Path.of("") : directory;
        this.program = program;
    }

    @Override
    void line(String line) {
        if (line.isEmpty()) {
            return;
        }
        if (c == null) {
            c = new Cursor(in);
        }
        if (!in.terminated()) {
            // glibc ends every record with a line end: this one was cut when the program ended unflushed.
            if (!line.equals("= End") && !line.equals("= Start")) {
                cut = true;
            }
            return;
        }
        // Two processes writing 512-byte pieces of their own into one log cut each other's lines: such a line
        // may even read as a record, with a module path made of the other record's start.
        if (line.indexOf("@ ", 1) > 0 || line.indexOf("= Start", 1) > 0 || line.indexOf("= End", 1) > 0) {
            throw in.error("two records run into one line: a process forked from the program wrote into the log too");
        }
        if (line.charAt(0) == '=') {
            marker(line);
            return;
        }
        int at = 0;
        Caller caller = null;
        if (line.startsWith("@ ")) {
            int bracket = line.lastIndexOf("[0x");
            int close = bracket < 0 ? -1 : line.indexOf(']', bracket);
            if (close < 0 || close + 1 >= line.length() || line.charAt(close + 1) != ' ') {
                throw in.error("the caller of an mtrace record ends in '[0xOFFSET] '");
            }
            caller = caller(line, bracket, close);
            at = close + 2;
        }
        c.reset(line, at);
        char op = c.peek();
        if ((op != '+' && op != '-' && op != '<' && op != '>' && op != '!') || !c.word(op + " ")) {
            throw in.error(at == 0
                    ? "not a glibc mtrace line (records are '@ CALLER OP ...' or 'OP ...', markers '= Start' and '= End')"
                    : "expected an mtrace record (+, -, <, > or ! and a pointer) after the caller");
        }
        long pointer = pointer();
        if (reallocPending && op != '>') {
            throw in.error("realloc's '<' line is not followed by its '>' line");
        }
        switch (op) {
            case '+' -> {
                long size = size();
                end();
                out.site(pointer == 0 || caller == null ? Event.NONE : id(caller));
                out.allocate(Op.MALLOC, size, 1, 0, pointer);
            }
            case '-' -> {
                end();
                out.free(pointer);
            }
            case '<' -> {
                end();
                reallocPending = true;
                reallocOld = pointer;
            }
            case '>' -> {
                long size = size();
                end();
                if (!reallocPending) {
                    throw in.error("a '>' line (realloc's new block) without the '<' line before it");
                }
                reallocPending = false;
                out.site(caller == null ? Event.NONE : id(caller));
                out.reallocate(reallocOld, size, pointer);
            }
            default -> {
                size();
                end();
                // A failed realloc, whatever its size: the block stays live. Counted here rather than pushed,
                // since a realloc(p, 0) = NULL would read as a free.
                out.note(Kind.FAILED_ALLOCATION);
            }
        }
    }

    private void marker(String line) {
        if (line.equals("= Start")) {
            if (open && reopened == 0) {
                reopened = in.number();
            }
            open = true;
            starts++;
        } else if (line.equals("= End")) {
            open = false;
        } else {
            throw in.error("unknown marker (glibc writes '= Start' and '= End')");
        }
    }

    /** The caller between "@ " and {@code close}, the "]" after the "[0x" at {@code bracket}. */
    private Caller caller(String line, int bracket, int close) {
        int length = close - 2;
        if (lastText != null && lastText.length() == length && line.regionMatches(2, lastText, 0, length)) {
            return lastCaller;
        }
        String text = line.substring(2, close);
        Caller known = callers.get(text);
        if (known == null) {
            known = parse(line, bracket, close);
            callers.put(text, known);
        }
        lastText = text;
        lastCaller = known;
        return known;
    }

    private Caller parse(String line, int bracket, int close) {
        long offset = hex(line, bracket + 3, close, "unreadable offset in the caller's [0x...]");
        if (bracket == 2) {
            return new Caller(null, offset, null);
        }
        char before = line.charAt(bracket - 1);
        if (before == ':') {
            return new Caller(line.substring(2, bracket - 1), offset, null);
        }
        int symbol = line.lastIndexOf(":(", bracket);
        int sign = Math.max(line.lastIndexOf('+', bracket), line.lastIndexOf('-', bracket));
        if (before != ')' || symbol < 2 || sign < symbol + 2) {
            throw in.error("the caller is MODULE:[0xOFFSET] or MODULE:(FUNCTION+OFFSET)[0xOFFSET]");
        }
        hex(line, sign + 1, bracket - 1, "unreadable offset after the caller's function");
        String function = line.substring(symbol + 2, sign);
        return new Caller(line.substring(2, symbol), offset, function.isEmpty() ? null : function);
    }

    /** The 1 to 16 hexadecimal digits that are all of {@code line} between {@code from} and {@code to}. */
    private long hex(String line, int from, int to, String what) {
        if (to <= from || to - from > 16) {
            throw in.error(what);
        }
        for (int i = from; i < to; i++) {
            if (Character.digit(line.charAt(i), 16) < 0) {
                throw in.error(what);
            }
        }
        return Long.parseUnsignedLong(line, from, to, 16);
    }

    /** The site id of an allocation's caller: one per place, numbered as allocations first name them. */
    private long id(Caller caller) {
        Long id = ids.get(caller);
        if (id == null) {
            Place place = new Place(caller.module(), caller.offset());
            id = byPlace.get(place);
            if (id == null) {
                id = (long) sites.size();
                byPlace.put(place, id);
                sites.add(caller);
            }
            ids.put(caller, id);
        }
        return id;
    }

    private long pointer() {
        return c.word("(nil)") ? 0 : c.hex();
    }

    private long size() {
        c.expect(' ');
        return c.hex();
    }

    private void end() {
        if (!c.spaces().atEnd()) {
            throw in.error("unexpected text after the mtrace record");
        }
    }

    @Override
    void finish() {
        if (in.number() == 0) {
            throw TraceException.atByte(in.name(), 0, "empty: mtrace wrote nothing, not even its '= Start' (the program "
                    + "is statically linked, or did not call mtrace() with libc_malloc_debug.so.0 preloaded)");
        }
        if (reallocPending) {
            out.note(Kind.NO_RESULT);
        }
        if (cut) {
            note("the log ends inside a line, which was skipped: glibc's buffer was not flushed (the program ended "
                    + "by _exit or a signal)");
        }
        if (reopened > 0) {
            note("'= Start' at line " + reopened + " while the log was open: a process forked from the program "
                    + "wrote into the same log (with a copy of what was buffered at the fork)");
        } else if (starts > 1) {
            note("mtrace was started " + starts + " times: calls made while it was stopped are not in the log");
        }
    }

    @Override
    public Sites sites() {
        if (table == null) {
            Map<String, Module> modules = new HashMap<>();
            Set<String> missing = new LinkedHashSet<>();
            Map<Long, List<Frame>> frames = new TreeMap<>();
            for (int id = 0; id < sites.size(); id++) {
                Caller s = sites.get(id);
                Frame f;
                if (s.module() == null) {
                    f = new Frame(null, s.offset(), s.function(), null, 0);
                } else {
                    Module m = modules.computeIfAbsent(s.module(), this::module);
                    if (m.base < 0) {
                        missing.add(s.module());
                    }
                    f = new Frame(m.path, s.offset() + Math.max(0, m.base), s.function(), null, 0);
                }
                frames.put((long) id, List.of(f));
            }
            table = new Symbolizer().symbolize(frames);
            if (!missing.isEmpty()) {
                note("module" + (missing.size() > 1 ? "s" : "") + " not found, frames left as logged: "
                        + String.join(", ", missing.stream().limit(5).toList()) + (missing.size() > 5 ? ", ..." : "")
                        + (missing.stream().anyMatch(n -> n.indexOf('/') < 0) && program == null
                        ? " (a name without '/' is the program's argv[0] as run from PATH: give its file with --program)" : ""));
            }
        }
        return table;
    }

    /** Where a module named by glibc is, and its first page's address; base -1 if it is not found. */
    private record Module(String path, long base) {
    }

    private Module module(String name) {
        Path p;
        try {
            p = name.indexOf('/') < 0 && program != null ? program : directory.resolve(name);
        } catch (InvalidPathException e) {
            return new Module(name, -1);
        }
        if (!Files.isRegularFile(p)) {
            return new Module(name, -1);
        }
        return new Module(p.toAbsolutePath().normalize().toString(), loadBase(p));
    }

    /**
     * The address at which the loader maps an ELF object's first page when the object is not moved: its
     * first loadable segment's address, page-aligned, which glibc subtracts from the callers it writes;
     * 0 for what is not ELF.
     */
    static long loadBase(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(64);
            while (h.hasRemaining() && ch.read(h, h.position()) > 0) {
                // A short read of a regular file only happens at its end.
            }
            boolean wide = h.get(4) == 2;
            if (h.position() < (wide ? 64 : 52) || h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L'
                    || h.get(3) != 'F') {
                return 0;
            }
            h.order(h.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = wide ? h.getLong(32) : h.getInt(28) & 0xffffffffL;
            int entry = (wide ? h.getShort(54) : h.getShort(42)) & 0xffff;
            int count = (wide ? h.getShort(56) : h.getShort(44)) & 0xffff;
            if (entry < (wide ? 56 : 32) || phoff < 0 || phoff > ch.size()) {
                return 0;
            }
            ByteBuffer ph = ByteBuffer.allocate(entry).order(h.order());
            for (int i = 0; i < count; i++) {
                ph.clear();
                if (ch.read(ph, phoff + (long) i * entry) < entry) {
                    return 0;
                }
                if (ph.getInt(0) == 1) {
                    long vaddr = wide ? ph.getLong(16) : ph.getInt(8) & 0xffffffffL;
                    // glibc rounds down to its page size; the first segment starts at file offset 0, so linkers
                    // align its address to the largest page size and this rounding is a no-op in practice.
                    return vaddr & ~0xfffL;
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
