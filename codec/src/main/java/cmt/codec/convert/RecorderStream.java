package cmt.codec.convert;

/**
 * The byte stream cmt's recorder ({@code recorder.c} beside this class's resources, preloaded into the
 * recorded program by {@code cmt record}) writes into a pipe, and {@link PreloadConverter} reads. Only the
 * two ends of one pipe see it, so it is shaped for the writer's hot path, not for storage: a trace is
 * what the converter makes of it.
 *
 * <pre>
 * stream  := record*                                     records of every process and thread, interleaved
 * record  := length u16                                  bytes of the record, header included: 12 to 4096
 *            kind u8                                     1 start, 2 events, 3 end
 *            version u8 = 1
 *            pid u32                                     the writing process
 *            tid u32                                     the writing thread (for start and end: any)
 *            body[length - 12]
 *
 * start   := ppid u32, flags u32 (bit 0: stacks, bit 1: children followed), depth u32 (frames per stack),
 *            ns u64 (CLOCK_MONOTONIC when the recorder started), page u32 (bytes), exe[rest] (path, UTF-8)
 * events  := seq u64 (the first event's), ns u64 (the first event's), item*
 * end     := how u32 (0 exit, 1 _exit, 2 fatal signal), value u32 (status or signal), seq u64 (events issued)
 *
 * item    := op u8, then
 *   1 malloc(size) = r              dseq, dns, size, r                    [site]
 *   2 calloc(count, size) = r       dseq, dns, count, size, r             [site]
 *   3 realloc(old, size) = r        dseq, dns, old, size, r               [site]
 *   4 free(p)                       dseq, dns, p
 *   5 memalign(align, size) = r     dseq, dns, align, size, r             [site]
 *   6 posix_memalign(&amp;r, align, size)  dseq, dns, align, size, r (0 if it failed)   [site]
 *   7 aligned_alloc(align, size) = r  dseq, dns, align, size, r           [site]
 *   8 valloc(size) = r              dseq, dns, size, r                    [site]
 *   9 pvalloc(size) = r             dseq, dns, size, r                    [site]
 *  10 reallocarray(old, count, size) = r  dseq, dns, old, count, size, r  [site]
 *  32 site                          id, n, pc * n                         a stack seen for the first time
 *  33 module                        start, end, bias, n, name[n]          an ELF object mapped at [start, end)
 * </pre>
 *
 * Fixed fields are little-endian; every item field after {@code op} is an unsigned LEB128 varint of at
 * most 10 bytes. A record is written with one {@code write(2)} of at most {@code PIPE_BUF} (4096) bytes,
 * which a pipe never interleaves with another writer's, so records of several threads and processes
 * arrive whole.
 *
 * <p>Order. Each event takes a number from its process's counter ({@code seq}, from 0, one atomic
 * increment): after the allocator returned for calls that create a block, before calling it for a free,
 * so that a block's creation is numbered before its end on whatever threads they happen. In an events
 * record, the first item's {@code seq} is the record's {@code seq} plus its {@code dseq}, each later one
 * the previous one's plus 1 plus its {@code dseq}; {@code ns} likewise by {@code dns} (CLOCK_MONOTONIC,
 * never decreasing within a thread). Records of one thread arrive in order; across threads the converter
 * merges by {@code seq}. A number that never arrives was lost with a buffer (a program that ended by a
 * signal or {@code _exit} inside a hook, a thread killed with its buffer); the end record's {@code seq}
 * says how many were issued.
 *
 * <p>Sites. With stacks on, every item that creates a block ends with {@code site} = the site's id + 1
 * (0: none, when the recorder's table of up to 1.5 M stacks is full). A site's stack is the return
 * addresses of up to {@code depth} frames, innermost first, from the allocation's caller on. A site item
 * precedes, in its own thread's records, every event of that thread using it; another thread may use it
 * earlier. Module items precede the site items whose addresses they cover: a return address {@code pc}
 * in the module is {@code pc - bias} in the ELF file's own addresses, what {@code addr2line} takes.
 *
 * <p>Processes. A start record begins a process's stream; a later start with the same pid is a new
 * program in that process (an exec). Children are only in the stream when followed.
 *
 * <p>Worked example: a program of pid 4660 (0x1234) whose thread 4661 calls {@code malloc(24)}, getting
 * 0x5000, then {@code free(0x5000)} 80 ns later, with another thread's event numbered between them, and
 * no stacks, sends after its start record the events record
 * <pre>
 * 29 00 02 01 34 12 00 00 35 12 00 00   length 41, events, version 1, pid 4660, tid 4661
 * 07 00 00 00 00 00 00 00               seq 7
 * e8 03 00 00 00 00 00 00               ns 1000
 * 01 00 00 18 80 a0 01                  malloc: seq 7 + 0, ns 1000 + 0, size 24, r 0x5000
 * 04 01 50 80 a0 01                     free: seq 7 + 1 + 1 = 9, ns 1000 + 80, p 0x5000
 * </pre>
 * which the converter turns into {@code malloc(24) = 0x5000 tid=4661 ns=1000} and
 * {@code free(0x5000) tid=4661 ns=1080} once event 8 has arrived.
 */
public final class RecorderStream {
    public static final int VERSION = 1;
    public static final int HEADER = 12;
    public static final int EVENTS_HEADER = HEADER + 16;
    /** The largest record: PIPE_BUF. */
    public static final int MAX_RECORD = 4096;

    public static final int START = 1;
    public static final int EVENTS = 2;
    public static final int END = 3;

    public static final int MALLOC = 1;
    public static final int CALLOC = 2;
    public static final int REALLOC = 3;
    public static final int FREE = 4;
    public static final int MEMALIGN = 5;
    public static final int POSIX_MEMALIGN = 6;
    public static final int ALIGNED_ALLOC = 7;
    public static final int VALLOC = 8;
    public static final int PVALLOC = 9;
    public static final int REALLOCARRAY = 10;
    public static final int SITE = 0x20;
    public static final int MODULE = 0x21;

    /** How a process ended, from its end record. */
    public static final int END_EXIT = 0;
    public static final int END_UNDERSCORE_EXIT = 1;
    public static final int END_SIGNAL = 2;

    /** Where {@code cmt record} finds the recorder's C source. */
    public static final String SOURCE = "recorder.c";

    private RecorderStream() {
    }
}
