package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.Repairs.Kind;
import cmt.codec.Sites;
import cmt.codec.Sites.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CHERI dtrace allocation logs (CTSRD-CHERI/memory-alloc-tracing): tab-separated records, in one of two
 * layouts.
 *
 * <pre>
 * call-trace  TIMESTAMP_NS  STACK  NAME  ARGS  RESULT                                  2018, six columns
 * call-trace  1536334807907404599  50a0805 14  malloc  96  81d21e100
 * call-trace  1536334807907411147              free    81d2899a0
 *
 * &#64;record-type:call-trace  timestamp-unix-ns  callstack  tid  name  args  result  alloc-stack  cpu-time-ns
 * </pre>
 *
 * The later layout is announced by a header line naming the columns (in any order; the stack column holds
 * blanks) and adds the thread id, written as {@code tid=}; the timestamp becomes {@code ns=}. ARGS are
 * blank-separated decimal numbers and pointers are bare hex (a {@code 0x} is accepted too):
 *
 * <table>
 * <caption>Records</caption>
 * <tr><th>NAME</th><th>ARGS</th><th>written</th></tr>
 * <tr><td>malloc</td><td>SIZE</td><td>malloc</td></tr>
 * <tr><td>calloc</td><td>COUNT SIZE</td><td>calloc</td></tr>
 * <tr><td>realloc</td><td>PTR SIZE</td><td>realloc (result 0 with size 0: free)</td></tr>
 * <tr><td>free</td><td>PTR</td><td>free</td></tr>
 * <tr><td>posix_memalign, aligned_alloc, memalign</td><td>ALIGNMENT SIZE</td><td>memalign</td></tr>
 * <tr><td>valloc</td><td>SIZE</td><td>memalign(4096, SIZE)</td></tr>
 * <tr><td>mmap, munmap</td><td>...</td><td>skipped and counted: the trace model has no mappings</td></tr>
 * </table>
 *
 * The original converter dropped calloc and the aligned allocations, which broke every later free of
 * those blocks; here they are kept. Records of other types ({@code aspace-sample}, merged into the same
 * log) and their headers are skipped; any other line is an error naming it.
 *
 * <p>STACK (the later layout's {@code callstack}) is dtrace's {@code ustack()} as memory-alloc-tracing's
 * {@code tracing/normalise-trace.pl} flattened it: frames innermost first, separated by single blanks, each
 * what ustack printed with its inner whitespace written as {@code ---} (read back as a blank):
 *
 * <table>
 * <caption>Frames</caption>
 * <tr><th>frame</th><th>becomes</th></tr>
 * <tr><td>{@code 50a0805}, {@code 0x50a0805}</td><td>module unknown, offset the process address</td></tr>
 * <tr><td>{@code libc.so.7`0x8011a2b3c}</td><td>module {@code libc.so.7}, offset the process address</td></tr>
 * <tr><td>{@code libc.so.7`malloc+0x2a}</td><td>module {@code libc.so.7}, function {@code malloc}, offset
 *     0x2a <em>from the function's start</em></td></tr>
 * <tr><td>{@code libc.so.7`malloc}</td><td>module {@code libc.so.7}, function {@code malloc}, offset 0</td></tr>
 * <tr><td>other text (a ustack helper's string)</td><td>that text as the function, no module</td></tr>
 * </table>
 *
 * dtrace prints no module-relative address, so these offsets are not what a {@link Frame}'s offset is
 * elsewhere (an address in the module's own terms), and the module is the object's file name without its
 * directory; the frames are not symbolized, the logs being from another machine (FreeBSD/CHERI). Each
 * distinct stack text of an allocation (malloc, calloc, the aligned ones, realloc's new block) is one site,
 * numbered from 0 in the order of first appearance; an empty STACK is none, and frees have none. Memory
 * follows the number of distinct stacks, which are parsed into frames only when {@link #sites} is asked.
 */
final class DtraceLogConverter extends Converter {
    private static final String CALL_TRACE = "call-trace";
    private static final List<String> COLUMNS_2018 =
            List.of(CALL_TRACE, "timestamp-unix-ns", "callstack", "name", "args", "result");
    private static final Set<String> FUNCTIONS =
            Set.of("malloc", "calloc", "posix_memalign", "aligned_alloc", "memalign", "valloc", "realloc", "free");

    private int width = COLUMNS_2018.size();
    private int tsColumn = 1;
    private int stackColumn = 2;
    private int tidColumn = -1;
    private int nameColumn = 3;
    private int argsColumn = 4;
    private int resultColumn = 5;
    private final Map<String, Long> otherFunctions = new TreeMap<>();
    private final long[] args = new long[8];
    /** Stack text to site id: the ids are the order of first appearance. */
    private final Map<String, Long> siteIds = new HashMap<>();
    private Cursor c;

    @Override
    void line(String line) {
        if (c == null) {
            c = new Cursor(in);
        }
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("@record-type:")) {
            if (line.startsWith("@record-type:" + CALL_TRACE + "\t")) {
                header(line.split("\t", -1));
            }
            return;
        }
        if (!line.startsWith(CALL_TRACE + "\t")) {
            if (line.startsWith("aspace-sample\t") || line.startsWith("#")) {
                return;
            }
            throw in.error("not a dtrace log record (expected call-trace or aspace-sample)");
        }
        String[] f = line.split("\t", -1);
        if (f.length < width) {
            throw in.error("call-trace record has " + f.length + " columns, expected " + width);
        }
        long tid = tidColumn < 0 ? Event.NONE : number(f[tidColumn], "thread id");
        out.at(tid, number(f[tsColumn], "timestamp"));
        String name = f[nameColumn].trim();
        if (name.equals("mmap") || name.equals("munmap")) {
            out.note(Kind.MAPPING);
            return;
        }
        if (!FUNCTIONS.contains(name)) {
            if (name.isEmpty()) {
                throw in.error("call-trace record without a function name");
            }
            otherFunctions.merge(name, 1L, Long::sum);
            out.note(Kind.OTHER_FUNCTION);
            return;
        }
        out.site(name.equals("free") || stackColumn < 0 ? Event.NONE : site(f[stackColumn]));
        int n = args(f[argsColumn], name.equals("free") || name.equals("realloc"));
        String res = f[resultColumn].trim();
        switch (name) {
            case "malloc" -> out.allocate(Op.MALLOC, arg(n, 1, 0), 1, 0, result(res));
            case "calloc" -> {
                long count = arg(n, 2, 0);
                long each = arg(n, 2, 1);
                long size;
                try {
                    size = Event.callocSize(count, each);
                } catch (ArithmeticException e) {
                    throw in.error(e.getMessage());
                }
                out.allocate(Op.CALLOC, size, count, 0, result(res));
            }
            case "posix_memalign", "aligned_alloc", "memalign" ->
                    out.allocate(Op.ALIGNED, arg(n, 2, 1), 1, arg(n, 2, 0), result(res));
            case "valloc" -> out.allocate(Op.ALIGNED, arg(n, 1, 0), 1, 4096, result(res));
            case "realloc" -> out.reallocate(arg(n, 2, 0), arg(n, 2, 1), result(res));
            case "free" -> out.free(arg(n, 1, 0));
            default -> throw new IllegalStateException(name);
        }
    }

    private void header(String[] names) {
        List<String> cols = Arrays.asList(names);
        cols.set(0, CALL_TRACE);
        tsColumn = column(cols, "timestamp-unix-ns");
        nameColumn = column(cols, "name");
        argsColumn = column(cols, "args");
        resultColumn = column(cols, "result");
        tidColumn = cols.indexOf("tid");
        stackColumn = cols.indexOf("callstack");
        width = Math.max(Math.max(Math.max(tsColumn, nameColumn), Math.max(argsColumn, Math.max(resultColumn, tidColumn))),
                stackColumn) + 1;
    }

    private long site(String stack) {
        String s = stack.strip();
        if (s.isEmpty()) {
            return Event.NONE;
        }
        Long id = siteIds.get(s);
        if (id == null) {
            id = (long) siteIds.size();
            siteIds.put(s, id);
        }
        return id;
    }

    /** The frames of every stack the allocations named, as dtrace printed them (see the class comment). */
    @Override
    public Sites sites() {
        Sites sites = new Sites();
        siteIds.forEach((stack, id) -> {
            List<Frame> frames = new ArrayList<>();
            for (String token : stack.split(" ")) {
                String frame = token.replace("---", " ").strip();
                if (!frame.isEmpty()) {
                    frames.add(frame(frame));
                }
            }
            sites.define(id, frames);
        });
        return sites;
    }

    private static Frame frame(String text) {
        int tick = text.indexOf('`');
        if (tick < 0) {
            Long pc = hex(text);
            return pc != null ? Frame.at(null, pc) : new Frame(null, 0, text, null, 0);
        }
        String module = tick == 0 ? null : text.substring(0, tick);
        String rest = text.substring(tick + 1);
        if (rest.startsWith("0x")) {
            Long pc = hex(rest);
            if (pc != null) {
                return Frame.at(module, pc);
            }
        }
        int plus = rest.lastIndexOf("+0x");
        Long offset = plus > 0 ? hex(rest.substring(plus + 1)) : null;
        String function = offset != null ? rest.substring(0, plus) : rest;
        return new Frame(module, offset != null ? offset : 0, function.isEmpty() ? null : function, null, 0);
    }

    /** {@code s} as 1 to 16 hex digits with an optional {@code 0x}, or null if it is not one. */
    private static Long hex(String s) {
        String digits = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        if (digits.isEmpty() || digits.length() > 16) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return null;
            }
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private int column(List<String> cols, String name) {
        int i = cols.indexOf(name);
        if (i < 0) {
            throw in.error("call-trace header lacks the column " + name);
        }
        return i;
    }

    /** Reads the blank-separated ARGS into {@link #args}; the first is hex when {@code firstIsPointer}. */
    private int args(String text, boolean firstIsPointer) {
        c.reset(text, 0).spaces();
        int n = 0;
        while (!c.atEnd()) {
            if (n == args.length) {
                throw in.error("too many arguments");
            }
            if (c.peek() == '-') {
                throw in.error("negative argument");
            }
            args[n] = n == 0 && firstIsPointer ? c.hex() : c.dec();
            n++;
            c.spaces();
            if (c.peek() == ',') {
                c.expect(',');
                c.spaces();
            }
        }
        return n;
    }

    private long arg(int n, int expected, int i) {
        if (n != expected) {
            throw in.error("expected " + expected + " argument" + (expected == 1 ? "" : "s") + ", found " + n);
        }
        return args[i];
    }

    private long result(String text) {
        if (text.isEmpty()) {
            throw in.error("allocation without a result");
        }
        c.reset(text, 0);
        long v = c.hex();
        if (!c.atEnd()) {
            throw in.error("unreadable result " + text);
        }
        return v;
    }

    private long number(String text, String what) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Event.NONE;
        }
        c.reset(t, 0);
        long v = c.dec();
        if (!c.atEnd()) {
            throw in.error("unreadable " + what + " " + text);
        }
        return c.present(v, what);
    }

    @Override
    void finish() {
        if (!otherFunctions.isEmpty()) {
            note("skipped functions " + otherFunctions);
        }
    }
}
