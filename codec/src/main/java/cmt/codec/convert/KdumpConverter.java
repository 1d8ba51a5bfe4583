package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.Repairs.Kind;
import cmt.codec.text.Syntax;
import java.util.Map;
import java.util.TreeMap;

/**
 * FreeBSD {@code kdump} output of jemalloc's utrace records ({@code MALLOC_CONF=utrace:true ktrace -t u
 * prog; kdump}). Lines look like
 *
 * <pre>
 *  61039 make     USER  0x800607420 = malloc(26)
 *  61039 100123 make     1536334807.907404 USER  free(0x800607420)        (kdump -H -T)
 * </pre>
 *
 * The records are the text trace's calls ({@link Syntax}) behind a result. The header kdump prints
 * before each record is {@code "%6d %-8s "} (pid, command name of up to 19
 * characters, possibly with blanks), with {@code -H} {@code "%6d %6d %-8s "} (pid, thread id, name);
 * {@code -T}/{@code -E}/{@code -R} add {@code SECONDS.FRACTION} fields after the name (6 or 9 fraction
 * digits); then the record type ({@code USER}, {@code CALL}, {@code RET }, {@code NAMI}, ...) and two
 * blanks; {@code -A} adds an ABI field such as {@code F64} after the type. Only USER records that are
 * jemalloc's matter: {@code R = malloc(N)}, {@code R = realloc(P, N)}, {@code free(P)} and
 * {@code malloc_init()} (ignored); other records and other utrace payloads (e.g. rtld's) are skipped.
 *
 * <p>What jemalloc writes, and what becomes of it: calloc and the aligned allocations appear as malloc
 * (the trace cannot tell them apart); {@code realloc(NULL, n)} appears as malloc; {@code realloc(p, 0)}
 * as {@code free(p)}; a failed allocation as {@code 0x0 = malloc(n)} (dropped, counted); {@code free(0x0)}
 * is either {@code free(NULL)} or, on jemalloc 5.2 and later, a {@code malloc(0)} whose block the record
 * does not name: dropped and counted, and a later free of such a block is a free of a pointer that is not
 * live (dropped, counted).
 *
 * <p>Several processes (ktrace -i follows children) have separate address spaces, so a trace keeps one:
 * the one asked for, or else the first with a malloc record; records of the others are counted and
 * named in the report. With {@code -H} the thread id goes to {@code tid=}; the first time column, if any,
 * goes to {@code ns=} ({@code -T} and {@code -E} give times; {@code -R} alone gives each record's distance
 * from the previous one, which is written as it is).
 */
final class KdumpConverter extends Converter {
    private final long wantedPid;
    private long pid = -1;
    private final Map<Long, Long> others = new TreeMap<>();
    private Cursor c;

    /** Keeps the process {@code pid}, or the first process with a malloc record if null. */
    KdumpConverter(Long pid) {
        this.wantedPid = pid == null ? -1 : pid;
    }

    @Override
    void line(String line) {
        if (c == null) {
            c = new Cursor(in);
        }
        int at = userField(line);
        if (at < 0) {
            return;
        }
        c.reset(line, at + 4).spaces();
        int abi = c.position();
        String word = c.identifier();
        if (word.isEmpty() || !isAbi(word) || c.peek() != ' ') {
            c.reset(line, abi);
        }
        c.spaces();
        if (c.word("malloc_init()")) {
            return;
        }
        boolean isFree = c.word(Syntax.FREE);
        long result = 0;
        if (!isFree) {
            if (!c.word(Syntax.HEX_PREFIX)) {
                return;
            }
            c.reset(line, c.position() - 2);
            int payload = c.position();
            if (!line.contains(Syntax.RESULT + Syntax.MALLOC) && !line.contains(Syntax.RESULT + Syntax.REALLOC)) {
                return;
            }
            result = c.hex();
            c.spaces();
            if (!c.word(Syntax.RESULT.substring(1))) {
                c.reset(line, payload);
                return;
            }
        }
        long recordPid = pid(line);
        if (!keep(recordPid)) {
            return;
        }
        header(line, at);
        if (isFree) {
            long p = c.hex();
            c.expect(Syntax.CLOSE);
            if (p == 0) {
                out.note(Kind.FREE_ZERO_JEMALLOC);
            } else {
                out.free(p);
            }
        } else if (c.word(Syntax.MALLOC)) {
            long n = c.dec();
            c.expect(Syntax.CLOSE);
            out.allocate(Op.MALLOC, n, 1, 0, result);
        } else if (c.word(Syntax.REALLOC)) {
            long old = c.hex();
            c.expect(',');
            c.spaces();
            long n = c.dec();
            c.expect(Syntax.CLOSE);
            out.reallocate(old, n, result);
        } else {
            throw in.error("unreadable jemalloc utrace record");
        }
        if (!c.spaces().atEnd()) {
            throw in.error("unexpected text after the record");
        }
    }

    /** Where the USER type field starts, or -1 if this is not a USER record line. */
    private static int userField(String line) {
        int from = 0;
        while (true) {
            int at = line.indexOf(" USER ", from);
            if (at < 0) {
                return -1;
            }
            at++;
            if (headerTokens(line, at) >= 2) {
                return at;
            }
            from = at;
        }
    }

    /** Number of blank-separated tokens before {@code end}, if the first is a pid; else 0. */
    private static int headerTokens(String line, int end) {
        int n = 0;
        int i = 0;
        while (i < end) {
            while (i < end && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= end) {
                break;
            }
            int b = i;
            while (i < end && line.charAt(i) != ' ') {
                i++;
            }
            if (n == 0 && !digits(line, b, i)) {
                return 0;
            }
            n++;
        }
        return n;
    }

    private static long pid(String line) {
        int i = 0;
        while (line.charAt(i) == ' ') {
            i++;
        }
        long v = 0;
        while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            v = v * 10 + line.charAt(i++) - '0';
        }
        return v;
    }

    private boolean keep(long recordPid) {
        if (pid < 0) {
            pid = wantedPid >= 0 ? wantedPid : recordPid;
        }
        if (recordPid == pid) {
            return true;
        }
        others.merge(recordPid, 1L, Long::sum);
        out.note(Kind.OTHER_PROCESS);
        return false;
    }

    /** Reads thread id and first time field from the header before {@code typeAt} and passes them on. */
    private void header(String line, int typeAt) {
        String[] t = line.substring(0, typeAt).trim().split(" +");
        int last = t.length;
        while (last > 2 && isTime(t[last - 1])) {
            last--;
        }
        long tid = last - 1 >= 2 && digits(t[1], 0, t[1].length())
                ? c.present(c.decimal(t[1], 0, t[1].length()), "thread id") : Event.NONE;
        long ns = last < t.length ? nanos(t[last]) : Event.NONE;
        out.at(tid, ns);
    }

    private static boolean isTime(String s) {
        int dot = s.indexOf('.');
        return dot > 0 && dot < s.length() - 1 && digits(s, 0, dot) && digits(s, dot + 1, s.length());
    }

    private long nanos(String s) {
        int dot = s.indexOf('.');
        int digits = s.length() - dot - 1;
        if (dot > 10 || digits > 9) {
            throw in.error("time field out of range: " + s);
        }
        // At most 10 digits of seconds and 9 of fraction: below 10^19 ns, within the unsigned 64 bits.
        long frac = c.decimal(s, dot + 1, s.length());
        for (int i = digits; i < 9; i++) {
            frac *= 10;
        }
        return c.decimal(s, 0, dot) * 1_000_000_000L + frac;
    }

    private static boolean isAbi(String w) {
        int i = 0;
        while (i < w.length() && Character.isUpperCase(w.charAt(i))) {
            i++;
        }
        return i > 0 && i < w.length() && digits(w, i, w.length());
    }

    private static boolean digits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    void finish() {
        if (pid < 0 && others.isEmpty()) {
            note("no jemalloc utrace records: was the program run with MALLOC_CONF=utrace:true under ktrace -t u?");
        }
        if (!others.isEmpty()) {
            StringBuilder b = new StringBuilder("kept process " + pid + "; skipped");
            others.forEach((p, n) -> b.append(" pid ").append(p).append(" (").append(n).append(" records)"));
            note(b.append(": choose one with --pid").toString());
        }
    }
}
