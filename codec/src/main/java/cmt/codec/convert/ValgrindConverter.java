package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Repairs.Kind;
import cmt.codec.Op;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log of {@code valgrind --trace-malloc=yes [--trace-sched=yes]}. Every heap call valgrind replaces is
 * printed as {@code --PID-- CALL = RESULT}:
 *
 * <pre>
 * --9242-- malloc(10) = 0x4A40040
 * --9242-- calloc(3,8) = 0x4A40140
 * --9242-- memalign(al 64, size 100) = 0x4A40200       also posix_memalign, aligned_alloc, valloc
 * --9242-- realloc(0x4A40040,100) = 0x4A40090
 * --9242-- realloc(0x0,1600)malloc(1600) = 0x4A41000   realloc(NULL, n): valgrind calls its malloc
 * --9242-- realloc(0x4A401A0,0)free(0x4A401A0)         realloc(p, 0): valgrind calls its free ...
 * --9242--  = 0                                        ... and prints the result on the next line
 * --9242-- _Znwm(4) = 0x4D6DC80                        C++ new, mangled; _ZnwmSt11align_val_t(size 128, al 64)
 * --9242-- _ZdlPvm(0x4D6DC80)                          C++ delete, mangled
 * --9242-- free(0x0)
 * --9242--   SCHED[2]:  acquired lock (...)            with --trace-sched=yes: thread 2 runs now
 * ==9242==   total heap usage: 11 allocs, 11 frees, 723 bytes allocated
 * </pre>
 *
 * A call whose result has not been printed waits for the next {@code  = RESULT} of its thread (results
 * can arrive after a thread switch; if the running thread has no call waiting but exactly one other
 * thread has, that one is meant). The thread numbers of the SCHED lines (valgrind's own, from 1) are
 * written as {@code tid=}. Calls valgrind prints without a result (newer versions' posix_memalign) are
 * dropped and counted, and so their frees are frees of pointers that are not live. Only one process is
 * kept, the one asked for or else the first in the log (with {@code --trace-children=yes} there are
 * several); lines without a {@code --PID--} prefix
 * are the program's own output and skipped.
 *
 * <p>The addresses are those of valgrind's allocator, not of the program's (its realloc always moves).
 * The "total heap usage" line is checked at the end: valgrind counts a realloc as one alloc and one free,
 * so its numbers should equal the trace's allocating and ending events, and the report says whether
 * they do.
 */
final class ValgrindConverter extends Converter {
    /** What a call does; IGNORED calls (malloc_usable_size, ...) only consume their result. */
    private enum Kind2 { ALLOC, CALLOC, REALLOC, FREE, IGNORED, SWALLOW }

    /** A call waiting for its result. */
    private record Call(Kind2 kind, Op op, long size, long count, long alignment, long old, long thread) {
    }

    private final long wantedPid;
    private long pid = -1;
    private String prefix;
    private final Map<Long, Long> others = new TreeMap<>();
    private final Long2ObjectOpenHashMap<Call> pending = new Long2ObjectOpenHashMap<>();
    private long thread = Event.NONE;
    private long summaryAllocs = -1;
    private long summaryFrees = -1;
    private final long[] values = new long[4];
    private final String[] labels = new String[4];
    private Cursor c;

    /** Keeps the process {@code pid}, or the first process in the log if null. */
    ValgrindConverter(Long pid) {
        this.wantedPid = pid == null ? -1 : pid;
    }

    @Override
    void line(String line) {
        if (line.length() < 5 || !(line.startsWith("--") || line.startsWith("=="))) {
            return;
        }
        char mark = line.charAt(0);
        int close = line.indexOf(mark == '-' ? "--" : "==", 2);
        if (close < 3 || !digits(line, 2, close)) {
            return;
        }
        if (c == null) {
            c = new Cursor(in);
        }
        long linePid = c.decimal(line, 2, close);
        int text = close + 2;
        if (mark == '=') {
            if (linePid == (pid >= 0 ? pid : wantedPid)) {
                summary(line, text);
            }
            return;
        }
        if (!keep(linePid, line, text)) {
            return;
        }
        // Another message can start on the same line when a call's result is still to come.
        int from = text;
        while (true) {
            int next = line.indexOf(prefix, from);
            fragment(line, from, next < 0 ? line.length() : next);
            if (next < 0) {
                return;
            }
            from = next + prefix.length();
        }
    }

    private boolean keep(long linePid, String line, int text) {
        if (pid < 0) {
            // valgrind's first lines are the first process's, so its scheduler lines are kept from the start.
            pid = wantedPid >= 0 ? wantedPid : linePid;
            prefix = "--" + pid + "--";
        }
        if (linePid == pid) {
            return true;
        }
        if (isCall(line, text)) {
            others.merge(linePid, 1L, Long::sum);
            out.note(Kind.OTHER_PROCESS);
        }
        return false;
    }

    private boolean isCall(String line, int text) {
        c.reset(line, text).spaces();
        String name = c.identifier();
        return c.peek() == '(' && kind(name) != null;
    }

    private void fragment(String line, int from, int to) {
        c.reset(line, from, to).spaces();
        if (c.word("SCHED[")) {
            long t = c.present(c.dec(), "thread id");
            if (line.indexOf("acquired lock", c.position()) >= 0) {
                thread = t;
            }
            return;
        }
        if (c.word("= ")) {
            result(c.spaces().hex());
            rest(line, to, "the result");
            return;
        }
        String name = c.identifier();
        Kind2 kind = kind(name);
        if (kind == null || c.peek() != '(') {
            return;
        }
        Call call = call(name, kind);
        String inner = c.identifier();
        if (!inner.isEmpty()) {
            Kind2 innerKind = kind(inner);
            if (call.kind != Kind2.REALLOC || innerKind == null || c.peek() != '(') {
                throw in.error("unexpected call after " + name + "(...)");
            }
            Call nested = call(inner, innerKind);
            if (nested.kind == Kind2.FREE) {
                // realloc(p, 0) freed p; valgrind prints " = 0" for the realloc later.
                out.at(thread, Event.NONE);
                out.reallocate(call.old, call.size, 0);
                supersede(new Call(Kind2.SWALLOW, null, 0, 0, 0, 0, thread));
                return;
            }
            // realloc(NULL, n): the result printed is the inner malloc's, and it is the realloc's.
        }
        if (call.kind == Kind2.FREE) {
            supersede(null);
            out.at(thread, Event.NONE);
            out.free(call.old);
            return;
        }
        supersede(call);
        if (c.spaces().word("= ")) {
            result(c.spaces().hex());
        }
        rest(line, to, name + "(...)");
    }

    /** The end of a fragment: nothing, or a scheduler message printed on the same line. */
    private void rest(String line, int to, String after) {
        if (c.spaces().word("SCHED[")) {
            fragment(line, c.position() - "SCHED[".length(), to);
        } else if (!c.atEnd()) {
            throw in.error("unexpected text after " + after);
        }
    }

    /** Makes {@code call} the running thread's waiting call; a call already waiting never got a result. */
    private void supersede(Call call) {
        Call old = call == null ? pending.remove(thread) : pending.put(thread, call);
        if (old != null && (old.kind == Kind2.ALLOC || old.kind == Kind2.CALLOC || old.kind == Kind2.REALLOC)) {
            out.note(Kind.NO_RESULT);
        }
    }

    /** Parses {@code NAME(ARGS)} with the cursor on the parenthesis. */
    private Call call(String name, Kind2 kind) {
        c.expect('(');
        int n = 0;
        c.spaces();
        while (c.peek() != ')') {
            if (n == values.length) {
                throw in.error("too many arguments to " + name);
            }
            String label = c.identifier();
            c.spaces();
            labels[n] = label;
            values[n] = c.word("0x") || c.word("0X") ? hexAfterPrefix() : c.dec();
            n++;
            c.spaces();
            if (c.peek() == ',') {
                c.expect(',');
                c.spaces();
            } else if (c.peek() != ')') {
                throw in.error("unreadable arguments to " + name);
            }
        }
        c.expect(')');
        return switch (kind) {
            case FREE -> new Call(kind, null, 0, 0, 0, need(name, n, 1, 3) ? values[0] : 0, thread);
            case REALLOC -> need(name, n, 2, 2) ? new Call(kind, Op.REALLOC, values[1], 1, 0, values[0], thread) : null;
            case CALLOC -> need(name, n, 2, 2)
                    ? new Call(kind, Op.CALLOC, product(values[0], values[1]), values[0], 0, 0, thread) : null;
            case ALLOC -> {
                long size = labelled(n, "size", 0, name);
                long al = labelled(n, "al", -1, name);
                if (name.equals("valloc")) {
                    al = 4096;
                }
                yield al >= 0 ? new Call(kind, Op.ALIGNED, size, 1, al, 0, thread)
                        : new Call(kind, Op.MALLOC, size, 1, 0, 0, thread);
            }
            default -> new Call(kind, null, 0, 0, 0, 0, thread);
        };
    }

    private long hexAfterPrefix() {
        return c.hex();
    }

    private boolean need(String name, int n, int min, int max) {
        if (n < min || n > max) {
            throw in.error(name + " with " + n + " arguments");
        }
        return true;
    }

    /** The argument labelled {@code label}, or the unlabelled one at {@code position} (-1: none). */
    private long labelled(int n, String label, int position, String name) {
        for (int i = 0; i < n; i++) {
            if (labels[i].equals(label)) {
                return values[i];
            }
        }
        if (position >= 0 && position < n && labels[position].isEmpty()) {
            return values[position];
        }
        if (position >= 0) {
            throw in.error(name + " without a " + label);
        }
        return -1;
    }

    private long product(long count, long each) {
        try {
            return Event.callocSize(count, each);
        } catch (ArithmeticException e) {
            throw in.error(e.getMessage());
        }
    }

    private void result(long value) {
        Call call = pending.remove(thread);
        if (call == null && pending.size() == 1) {
            call = pending.remove(pending.keySet().iterator().nextLong());
        }
        if (call == null) {
            throw in.error(pending.isEmpty() ? "result without a call"
                    : "result cannot be matched: " + pending.size() + " threads wait for one");
        }
        out.at(call.thread, Event.NONE);
        switch (call.kind) {
            case ALLOC, CALLOC -> out.allocate(call.op, call.size, call.count, call.alignment, value);
            case REALLOC -> out.reallocate(call.old, call.size, value);
            default -> {
                // malloc_usable_size and the like, and realloc(p, 0)'s late " = 0".
            }
        }
    }

    private static Kind2 kind(String name) {
        return switch (name) {
            case "malloc", "memalign", "posix_memalign", "aligned_alloc", "valloc",
                    "__builtin_new", "__builtin_vec_new" -> Kind2.ALLOC;
            case "calloc" -> Kind2.CALLOC;
            case "realloc" -> Kind2.REALLOC;
            case "free", "cfree", "__builtin_delete", "__builtin_vec_delete" -> Kind2.FREE;
            case "malloc_usable_size", "malloc_size", "mallinfo" -> Kind2.IGNORED;
            default -> name.startsWith("_Znw") || name.startsWith("_Zna") ? Kind2.ALLOC
                    : name.startsWith("_Zdl") || name.startsWith("_Zda") ? Kind2.FREE : null;
        };
    }

    private void summary(String line, int text) {
        int at = line.indexOf("total heap usage:", text);
        if (at < 0) {
            return;
        }
        String s = line.substring(at + "total heap usage:".length()).replace(",", "");
        String[] w = s.trim().split(" +");
        for (int i = 1; i < w.length; i++) {
            if (!digits(w[i - 1], 0, w[i - 1].length()) || w[i - 1].isEmpty()) {
                continue;
            }
            if (w[i].equals("allocs")) {
                summaryAllocs = c.decimal(w[i - 1], 0, w[i - 1].length());
            } else if (w[i].equals("frees")) {
                summaryFrees = c.decimal(w[i - 1], 0, w[i - 1].length());
            }
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return to > from;
    }

    /** Allocations valgrind counted in its "total heap usage" line, or -1 if the log has none. */
    public long summaryAllocs() {
        return summaryAllocs;
    }

    /** Frees valgrind counted in its "total heap usage" line, or -1 if the log has none. */
    public long summaryFrees() {
        return summaryFrees;
    }

    @Override
    void finish() {
        for (Call call : pending.values()) {
            if (call.kind == Kind2.ALLOC || call.kind == Kind2.CALLOC || call.kind == Kind2.REALLOC) {
                out.note(Kind.NO_RESULT);
            }
        }
        if (!others.isEmpty()) {
            StringBuilder b = new StringBuilder("kept process " + pid + "; skipped");
            others.forEach((p, n) -> b.append(" pid ").append(p).append(" (").append(n).append(" calls)"));
            note(b.append(": choose one with --pid").toString());
        }
        if (pid < 0) {
            note("no --PID-- lines: was valgrind run with --trace-malloc=yes?");
        }
        if (summaryAllocs >= 0) {
            boolean same = summaryAllocs == out.creates() && summaryFrees == out.ends();
            note("valgrind counted " + summaryAllocs + " allocs and " + summaryFrees + " frees, the trace has "
                    + out.creates() + " allocating and " + out.ends() + " ending events"
                    + (same ? " (they match)" : " (they differ)"));
        }
    }
}
