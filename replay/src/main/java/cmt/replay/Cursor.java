package cmt.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a replay publishes how far it got: 64-bit words in memory that the calling process can read
 * while the replay runs (progress) and after it died (which event crashed). For a replay in a child
 * process the words live in a small file both processes map: stores to a shared mapping survive the
 * writer's crash, since they sit in the page cache, not in the dead process.
 *
 * <pre>
 * offset  word (native byte order)
 *      0  index &lt;&lt; 3 | op of the event being replayed (index from 0, op: Op ordinal); a one-thread
 *         replay's loop stores it, and the next word, before calling the allocator
 *      8  requested size of that event (unsigned)
 *     16  phase: 0 loading the allocator, 1 replaying (in the loop), 2 finishing (statistics, freeing),
 *         3 done, 4 reading the trace between two batches (the allocator is not being called)
 *     24  events read from the trace so far
 *     32  trace bytes consumed so far
 *     40  trace bytes in all, or -1 when unknown
 *     64  {@value #LANES} lines of 64 bytes, one per thread of a threaded replay (thread w at 64 * (1 + w
 *         mod {@value #LANES})), each written only by its thread, so that threads never store to a line
 *         another one reads or writes:
 *           +0   index &lt;&lt; 3 | op of the thread's current or last call, stored before it
 *           +8   requested size of that call
 *           +16  the recorded thread id + 1 (0: the trace names none)
 *           +24  index + 1 of the thread's last call that returned: the call in +0 is under way
 *                while the two differ
 *           +32  1 once the line is in use
 * </pre>
 *
 * <p>Example: thread 1 of a threaded replay (recorded id 4242) calls free for event 99 (op 4): its line at
 * offset 128 holds {@code 99 << 3 | 4 = 796}, the size 0, {@code 4243}, {@code 97} (its previous event,
 * 96, returned) and 1; {@link #where} reads "at event 99 (free) on thread 4242".
 */
final class Cursor {
    /** Lines for the threads of a threaded replay; threads beyond share them (and crash reports blur). */
    static final int LANES = 1024;
    static final int BYTES = 64 * (1 + LANES);
    static final long STARTING = 0;
    static final long REPLAYING = 1;
    static final long FINISHING = 2;
    static final long DONE = 3;
    static final long READING = 4;

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;
    private final MemorySegment words;

    private Cursor(MemorySegment words) {
        this.words = words;
    }

    /** Words in {@code arena}'s memory, for a replay in this process. */
    static Cursor inMemory(Arena arena) {
        return new Cursor(arena.allocate(BYTES, 64));
    }

    /** Words in {@code file} (created or reset), mapped for as long as {@code arena} lives. */
    static Cursor mapped(Path file, Arena arena, boolean create) {
        try (FileChannel ch = create
                ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (create) {
                ch.truncate(0);
                ch.write(java.nio.ByteBuffer.allocate(BYTES), 0);
            }
            return new Cursor(ch.map(FileChannel.MapMode.READ_WRITE, 0, BYTES, arena));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot map: " + e.getMessage(), e);
        }
    }

    /**
     * The address of worker {@code worker}'s line in the cursor at {@code base}, marked in use for recorded
     * thread {@code thread} (or {@code cmt.codec.Event.NONE}).
     */
    static long lane(long base, int worker, long thread) {
        long line = base + 64L * (1 + worker % LANES);
        Native.ALL.set(WORD, line + 16, thread + 1);
        Native.ALL.set(WORD, line + 32, 1L);
        return line;
    }

    /**
     * Offset of the line that describes the call under way: 0 in a one-thread replay; in a threaded one the
     * line of the thread in a call with the earliest event (the others' calls started later), or if none
     * is in a call, of the thread whose call was the latest to start.
     */
    private long call() {
        long best = 0;
        long bestIndex = -1;
        boolean bestInCall = false;
        for (int k = 1; k <= LANES; k++) {
            long line = 64L * k;
            if (words.get(WORD, line + 32) != 1) {
                continue;
            }
            long index = words.get(WORD, line) >>> 3;
            boolean inCall = words.get(WORD, line + 24) != index + 1;
            if (best == 0 || (inCall && !bestInCall) || (inCall == bestInCall && (inCall ? index < bestIndex
                    : index > bestIndex))) {
                best = line;
                bestIndex = index;
                bestInCall = inCall;
            }
        }
        return best;
    }

    /** True while an allocator call may be under way: always in a one-thread replay, which has no marks. */
    boolean inCall() {
        long line = call();
        return line == 0 || words.get(WORD, line + 24) != (words.get(WORD, line) >>> 3) + 1;
    }

    /** A number that changes whenever any thread starts a call or returns from one. */
    long eventWord() {
        long sum = words.get(WORD, 0);
        for (int k = 1; k <= LANES; k++) {
            long line = 64L * k;
            if (words.get(WORD, line + 32) == 1) {
                sum = sum * 31 + words.get(WORD, line) * 17 + words.get(WORD, line + 24);
            }
        }
        return sum;
    }

    /** Address of the first word, for the replay loop's raw stores. */
    long address() {
        return words.address();
    }

    long event() {
        return words.get(WORD, call()) >>> 3;
    }

    /** Sets the event word (the loop does this itself, with raw stores). */
    void event(long index) {
        words.set(WORD, 0, index << 3);
    }

    /** The op ordinal of the event being replayed. */
    int op() {
        return (int) (words.get(WORD, call()) & 7);
    }

    /** The requested size of the event being replayed. */
    long size() {
        return words.get(WORD, call() + 8);
    }

    /**
     * Where the replay is, for a person: "at event 99 (malloc of 16 bytes)", "while loading or warming
     * up", "while reading the trace (4096 events read)", ...
     */
    String where() {
        long phase = phase();
        if (phase == STARTING) {
            return "while loading or warming up";
        } else if (phase == REPLAYING) {
            long line = call();
            long word = words.get(WORD, line);
            long thread = line == 0 ? -1 : words.get(WORD, line + 16) - 1;
            return "at event " + (word >>> 3) + " (" + ReplayException.describe((int) (word & 7),
                    words.get(WORD, line + 8)) + ")" + (thread >= 0 ? " on thread " + thread : "");
        } else if (phase == READING) {
            return "while reading the trace (" + eventsRead() + " events read)";
        }
        return "after the last event (reading statistics or freeing the blocks still live)";
    }

    long phase() {
        return words.get(WORD, 16);
    }

    void phase(long phase) {
        words.set(WORD, 16, phase);
    }

    long eventsRead() {
        return words.get(WORD, 24);
    }

    long bytesDone() {
        return words.get(WORD, 32);
    }

    long bytesTotal() {
        return words.get(WORD, 40);
    }

    /** Records reading progress (called from the trace reader's progress listener). */
    void progress(long events, long bytesDone, long bytesTotal) {
        words.set(WORD, 24, events);
        words.set(WORD, 32, bytesDone);
        words.set(WORD, 40, bytesTotal);
    }
}
