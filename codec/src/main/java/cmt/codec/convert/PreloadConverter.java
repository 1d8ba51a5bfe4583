package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Input;
import cmt.codec.Op;
import cmt.codec.Sites;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import cmt.codec.resolve.Position;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;

/**
 * Reads the stream of cmt's recorder ({@link RecorderStream}) and hands out the events of the recorded
 * program in the order they happened: each thread's records arrive in order, and the threads' events are
 * merged by their sequence numbers. A number still missing while {@value #MAX_PENDING} later events wait
 * is given up as lost (counted), so memory stays bounded whatever the program does; so are the numbers
 * missing at the end.
 *
 * <p>The calls map onto the trace model as made: calloc as calloc, realloc and reallocarray as realloc,
 * memalign, posix_memalign, aligned_alloc, valloc and pvalloc as aligned allocations (valloc and pvalloc
 * with the page as alignment, pvalloc's size rounded up to pages as it allocates). Each event carries the
 * thread id and CLOCK_MONOTONIC nanoseconds. Other processes in the stream (followed children, exec'd
 * programs) go to {@link Processes#open} or are skipped.
 */
public final class PreloadConverter extends Converter {
    /** Events kept waiting for a missing sequence number before it is given up. */
    static final int MAX_PENDING = 1 << 21;

    /** Where the events of processes after the first go. */
    public interface Processes {
        /** A handler for a new process's events, or null to skip them. */
        TraceReader.Handler open(long pid, String exe, int ordinal);
    }

    private final Processes others;
    private final Symbolizer symbols = new Symbolizer();
    private final Map<Long, Process> byPid = new HashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private String name = "";
    private long offset;
    private long recordAt;

    PreloadConverter(Processes others) {
        this.others = others;
    }

    @Override
    void read(Input source, TraceReader.Handler handler) {
        name = source.name();
        InputStream in = source.stream();
        byte[] r = new byte[RecorderStream.MAX_RECORD];
        long records = 0;
        try (in) {
            while (true) {
                recordAt = offset;
                int got = in.readNBytes(r, 0, 2);
                if (got == 0) {
                    break;
                }
                if (got < 2) {
                    truncated(2, got);
                    break;
                }
                int length = (r[0] & 0xff) | (r[1] & 0xff) << 8;
                if (length < RecorderStream.HEADER || length > RecorderStream.MAX_RECORD) {
                    throw error("record length " + length + " is not 12 to 4096 (not a cmt recorder stream?)");
                }
                got = in.readNBytes(r, 2, length - 2);
                offset += 2 + got;
                if (got < length - 2) {
                    truncated(length, got + 2);
                    break;
                }
                record(r, length, handler);
                if ((++records & 0xfff) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new CancellationException(name + ": interrupted at byte " + offset);
                }
            }
        } catch (IOException e) {
            throw new TraceException(name + ": read error at byte " + offset + ": " + TraceException.reason(e), e);
        }
        if (processes.isEmpty()) {
            throw TraceException.atByte(name, offset, "the recorder wrote nothing (the program did not start, or is "
                    + "not dynamically linked)");
        }
        for (Process p : processes) {
            p.drain(true);
            if (p.calls != null) {
                p.calls.end();
            }
        }
        Process main = processes.getFirst();
        if (main.lost > 0) {
            note(String.format("%,d events lost (the program ended without writing them)", main.lost));
        }
        if (processes.size() > 1) {
            note((processes.size() - 1) + " more process" + (processes.size() > 2 ? "es" : "")
                    + (others == null ? " skipped" : " recorded separately"));
        }
    }

    private void truncated(int wanted, int got) {
        // The program died inside write(2), or was killed: what came before is whole.
        note("the stream ends inside a record (" + got + " of " + wanted + " bytes) at byte " + recordAt);
    }

    private void record(byte[] r, int length, TraceReader.Handler handler) {
        int kind = r[2] & 0xff;
        if ((r[3] & 0xff) != RecorderStream.VERSION) {
            throw error("recorder stream version " + (r[3] & 0xff) + " (this cmt reads " + RecorderStream.VERSION + ")");
        }
        long pid = u32(r, 4);
        long tid = u32(r, 8);
        switch (kind) {
            case RecorderStream.START -> start(r, length, pid, handler);
            case RecorderStream.EVENTS -> process(pid).events(r, length, tid);
            case RecorderStream.END -> {
                if (length < RecorderStream.HEADER + 16) {
                    throw error("end record of " + length + " bytes");
                }
                process(pid).end((int) u32(r, 12), (int) u32(r, 16), u64(r, 20));
            }
            default -> throw error("unknown record kind " + kind);
        }
    }

    private void start(byte[] r, int length, long pid, TraceReader.Handler handler) {
        if (length < RecorderStream.HEADER + 24) {
            throw error("start record of " + length + " bytes");
        }
        long flags = u32(r, 16);
        int depth = (int) u32(r, 20);
        long page = u32(r, 32);
        String exe = new String(r, 36, length - 36, StandardCharsets.UTF_8);
        Process old = byPid.get(pid);
        if (old != null) {
            old.drain(true);
        }
        TraceReader.Handler h;
        Calls calls;
        if (processes.isEmpty()) {
            calls = new Calls(handler, position());
            out = calls;
        } else {
            TraceReader.Handler child = others == null ? null : others.open(pid, exe, processes.size());
            calls = child == null ? null : new Calls(child, position());
        }
        Process p = new Process(pid, exe, (flags & 1) != 0 ? depth : 0, page == 0 ? 4096 : page, calls);
        byPid.put(pid, p);
        processes.add(p);
    }

    private Process process(long pid) {
        Process p = byPid.get(pid);
        if (p == null) {
            throw error("record of process " + pid + " before its start record");
        }
        return p;
    }

    private Position position() {
        return new Position() {
            @Override
            public TraceException error(String what) {
                return PreloadConverter.this.error(what);
            }
        };
    }

    private TraceException error(String what) {
        return TraceException.atByte(name, recordAt, what);
    }

    /** The programs recorded, in the order they started: the first is the one {@code convert} handed out. */
    public List<Recorded> processes() {
        List<Recorded> l = new ArrayList<>();
        for (Process p : processes) {
            l.add(new Recorded(p.pid, p.exe, p.end, p.value, p.issued, p.received, p.lost, p.depth,
                    p.calls == null ? 0 : p.calls.written()));
        }
        return l;
    }

    /**
     * The stacks of process {@code ordinal} (0: the one {@code convert} handed out, then in the order
     * {@link Processes#open} saw them), by site id, innermost return address first; with {@link #modules}.
     */
    public Map<Long, long[]> stacks(int ordinal) {
        return ordinal < processes.size() ? processes.get(ordinal).stacks : Map.of();
    }

    /** The call sites of the first program, the one {@code convert} handed out. */
    @Override
    public Sites sites() {
        return sites(0);
    }

    /** The call sites of process {@code ordinal}, symbolized now (while the program's files are as it ran them). */
    public Sites sites(int ordinal) {
        return symbols.sites(stacks(ordinal), modules(ordinal));
    }

    /** The recorder's C source, which {@code cmt record} builds. */
    public static byte[] recorderSource() {
        return resource(RecorderStream.SOURCE);
    }

    /** The ELF objects the stacks of process {@code ordinal} run in. */
    public List<Module> modules(int ordinal) {
        return ordinal < processes.size() ? processes.get(ordinal).modules : List.of();
    }

    /** An ELF object mapped at [start, end) whose own addresses are the process's minus {@code bias}. */
    public record Module(long start, long end, long bias, String path) {
        /** True if {@code pc} is in the object. */
        public boolean contains(long pc) {
            return Long.compareUnsigned(pc, start) >= 0 && Long.compareUnsigned(pc, end) < 0;
        }
    }

    /**
     * One recorded program: how it ended ({@code end} is -1 without an end record: killed, or ended by a
     * raw system call), the events it issued (-1 if unknown), received and lost, and how many reached the
     * trace.
     */
    public record Recorded(long pid, String exe, int end, int value, long issued, long received, long lost,
            int depth, long written) {
        /** True if the program ended by {@code exit} or returning from main. */
        public boolean exited() {
            return end == RecorderStream.END_EXIT;
        }

        /** True if the program ended by {@code _exit} (status in {@code value}). */
        public boolean underscoreExit() {
            return end == RecorderStream.END_UNDERSCORE_EXIT;
        }

        /** True if the program died of a fatal signal (its number in {@code value}). */
        public boolean signalled() {
            return end == RecorderStream.END_SIGNAL;
        }
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    /** One thread's events not yet handed out, oldest first. */
    private static final class Pending {
        final long tid;
        final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

        Pending(long tid) {
            this.tid = tid;
        }

        long head() {
            Chunk c = chunks.getFirst();
            return c.seq[c.at];
        }
    }

    /** The events of one record, as columns. */
    private static final class Chunk {
        final int n;
        final byte[] op;
        final long[] seq, ns, a, b, c, result, site;
        int at;

        Chunk(int n) {
            this(n, new byte[n], new long[n], new long[n], new long[n], new long[n], new long[n], new long[n], new long[n]);
        }

        private Chunk(int n, byte[] op, long[] seq, long[] ns, long[] a, long[] b, long[] c, long[] result, long[] site) {
            this.n = n;
            this.op = op;
            this.seq = seq;
            this.ns = ns;
            this.a = a;
            this.b = b;
            this.c = c;
            this.result = result;
            this.site = site;
        }

        /** The first {@code count} events, in arrays of their own (this one is refilled by the next record). */
        Chunk copy(int count) {
            return new Chunk(count, Arrays.copyOf(op, count), Arrays.copyOf(seq, count), Arrays.copyOf(ns, count),
                    Arrays.copyOf(a, count), Arrays.copyOf(b, count), Arrays.copyOf(c, count),
                    Arrays.copyOf(result, count), Arrays.copyOf(site, count));
        }
    }

    /** One program's stream: its threads' pending events, merged by sequence number. */
    private final class Process {
        final long pid;
        final String exe;
        final int depth;
        final long page;
        final Calls calls;
        final Map<Long, Pending> threads = new HashMap<>();
        final PriorityQueue<Pending> ready = new PriorityQueue<>((x, y) -> Long.compare(x.head(), y.head()));
        final Map<Long, long[]> stacks = new HashMap<>();
        final List<Module> modules = new ArrayList<>();
        final Chunk scratch = new Chunk(RecorderStream.MAX_RECORD / 5);
        long next;
        long pending;
        long received;
        long lost;
        long issued = -1;
        int end = -1;
        int value;

        Process(long pid, String exe, int depth, long page, Calls calls) {
            this.pid = pid;
            this.exe = exe;
            this.depth = depth;
            this.page = page;
            this.calls = calls;
        }

        void end(int how, int value, long issued) {
            this.end = how;
            this.value = value;
            this.issued = issued;
        }

        void events(byte[] r, int length, long tid) {
            if (length < RecorderStream.EVENTS_HEADER) {
                throw error("events record of " + length + " bytes");
            }
            Items in = new Items(r, RecorderStream.EVENTS_HEADER, length);
            long seq = u64(r, 12) - 1;
            long ns = u64(r, 20);
            int n = 0;
            Chunk k = scratch;
            while (in.more()) {
                int op = in.u8();
                switch (op) {
                    case RecorderStream.SITE -> {
                        long id = in.varint();
                        long count = in.varint();
                        if (count > 256 || count > in.left()) {
                            throw error("site " + Long.toUnsignedString(id) + " of " + Long.toUnsignedString(count) + " frames");
                        }
                        long[] pcs = new long[(int) count];
                        for (int i = 0; i < pcs.length; i++) {
                            pcs[i] = in.varint();
                        }
                        stacks.put(id, pcs);
                    }
                    case RecorderStream.MODULE -> {
                        long start = in.varint();
                        long endAt = in.varint();
                        long bias = in.varint();
                        long len = in.varint();
                        if (len > in.left()) {
                            throw error("module name of " + Long.toUnsignedString(len) + " bytes past the record's end");
                        }
                        modules.add(new Module(start, endAt, bias, in.utf8((int) len)));
                    }
                    default -> {
                        if (op < RecorderStream.MALLOC || op > RecorderStream.REALLOCARRAY) {
                            throw error("unknown operation " + op + " at record byte " + (in.at - 1));
                        }
                        seq += 1 + in.varint();
                        ns += in.varint();
                        k.op[n] = (byte) op;
                        k.seq[n] = seq;
                        k.ns[n] = ns;
                        k.a[n] = in.varint();
                        k.b[n] = op == RecorderStream.FREE || op == RecorderStream.MALLOC
                                || op == RecorderStream.VALLOC || op == RecorderStream.PVALLOC ? 0 : in.varint();
                        k.c[n] = op == RecorderStream.REALLOCARRAY ? in.varint() : 0;
                        k.result[n] = op == RecorderStream.FREE ? 0 : in.varint();
                        k.site[n] = op != RecorderStream.FREE && depth > 0 ? in.varint() - 1 : Event.NONE;
                        n++;
                    }
                }
            }
            if (n == 0 || calls == null) {
                received += n;
                return;
            }
            Chunk c = k.copy(n);
            Pending t = threads.computeIfAbsent(tid, Pending::new);
            boolean idle = t.chunks.isEmpty();
            t.chunks.addLast(c);
            if (idle) {
                ready.add(t);
            }
            received += n;
            pending += n;
            drain(false);
        }

        /** Hands out every event whose turn has come; at the end, or with too many waiting, skips what is missing. */
        void drain(boolean all) {
            while (!ready.isEmpty()) {
                Pending t = ready.poll();
                long head = t.head();
                if (head < next) {
                    // A number given up as lost arrived after all: its place in the order is gone.
                    lost++;
                    pending--;
                    dropHead(t);
                    requeue(t);
                    continue;
                }
                if (head > next) {
                    if (!all && pending < MAX_PENDING) {
                        ready.add(t);
                        return;
                    }
                    lost += head - next;
                    next = head;
                }
                // Runs of one thread are common: hand them out without going back to the queue.
                do {
                    Chunk c = t.chunks.getFirst();
                    emit(c, c.at, t.tid);
                    next++;
                    pending--;
                    dropHead(t);
                } while (!t.chunks.isEmpty() && t.head() == next);
                requeue(t);
            }
        }

        private void dropHead(Pending t) {
            Chunk c = t.chunks.getFirst();
            if (++c.at == c.n) {
                t.chunks.removeFirst();
            }
        }

        private void requeue(Pending t) {
            if (!t.chunks.isEmpty()) {
                ready.add(t);
            }
        }

        private void emit(Chunk k, int i, long tid) {
            Calls o = calls;
            o.at(tid, k.ns[i]);
            o.site(k.site[i]);
            long a = k.a[i];
            long b = k.b[i];
            long r = k.result[i];
            switch (k.op[i]) {
                case RecorderStream.MALLOC -> o.allocate(Op.MALLOC, a, 1, 0, r);
                case RecorderStream.CALLOC -> o.allocate(Op.CALLOC, Math.unsignedMultiplyHigh(a, b) == 0 ? a * b : -1, a, 0, r);
                case RecorderStream.REALLOC -> o.reallocate(a, b, r);
                case RecorderStream.FREE -> o.free(a);
                case RecorderStream.MEMALIGN, RecorderStream.POSIX_MEMALIGN, RecorderStream.ALIGNED_ALLOC ->
                        o.allocate(Op.ALIGNED, b, 1, a, r);
                case RecorderStream.VALLOC -> o.allocate(Op.ALIGNED, a, 1, page, r);
                case RecorderStream.PVALLOC -> o.allocate(Op.ALIGNED, a == 0 ? page : roundUp(a), 1, page, r);
                case RecorderStream.REALLOCARRAY ->
                        o.reallocate(a, Math.unsignedMultiplyHigh(b, k.c[i]) == 0 ? b * k.c[i] : -1, r);
                default -> throw new IllegalStateException("operation " + k.op[i]);
            }
        }

        private long roundUp(long size) {
            long r = (size + page - 1) & -page;
            return Long.compareUnsigned(r, size) < 0 ? -1 : r;
        }
    }

    /** Reads the items of one record, with the record's offset in errors. */
    private final class Items {
        final byte[] b;
        final int limit;
        int at;

        Items(byte[] b, int at, int limit) {
            this.b = b;
            this.at = at;
            this.limit = limit;
        }

        boolean more() {
            return at < limit;
        }

        int left() {
            return limit - at;
        }

        int u8() {
            return b[at++] & 0xff;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (at == limit) {
                    throw error("an item runs past the record's end");
                }
                int x = b[at++] & 0xff;
                if (shift == 63 && x > 1) {
                    throw error("varint longer than 64 bits");
                }
                v |= (long) (x & 0x7f) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
            throw error("varint longer than 10 bytes");
        }

        String utf8(int n) {
            String s = new String(b, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }
    }

    @Override
    void line(String line) {
        throw new IllegalStateException("binary input");
    }
}
