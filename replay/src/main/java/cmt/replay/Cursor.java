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
 * Where a replay publishes how far it got: six 64-bit words in memory that the calling process can read
 * while the replay runs (progress) and after it died (which event crashed). For a replay in a child
 * process the words live in a small file both processes map: stores to a shared mapping survive the
 * writer's crash, since they sit in the page cache, not in the dead process.
 *
 * <pre>
 * offset  word (native byte order)
 *      0  index &lt;&lt; 3 | op of the event being replayed (index from 0, op: Op ordinal); the loop
 *         stores it, and the next word, before calling the allocator
 *      8  requested size of that event (unsigned)
 *     16  phase: 0 loading the allocator, 1 replaying (in the loop), 2 finishing (statistics, freeing),
 *         3 done, 4 reading the trace between two batches (the allocator is not being called)
 *     24  events read from the trace so far
 *     32  trace bytes consumed so far
 *     40  trace bytes in all, or -1 when unknown
 *     48  in a threaded replay, the recorded thread id + 1 of the event in word 0 (stored with it by the
 *         thread that makes the call; with several threads calling, the last one to start a call), else 0
 * </pre>
 */
final class Cursor {
    static final int BYTES = 64;
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
        return new Cursor(arena.allocate(BYTES, 8));
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

    /** Address of the first word, for the replay loop's raw stores. */
    long address() {
        return words.address();
    }

    long event() {
        return words.get(WORD, 0) >>> 3;
    }

    /** Sets the event word (the loop does this itself, with raw stores). */
    void event(long index) {
        words.set(WORD, 0, index << 3);
    }

    /** The op ordinal of the event being replayed. */
    int op() {
        return (int) (words.get(WORD, 0) & 7);
    }

    /** The requested size of the event being replayed. */
    long size() {
        return words.get(WORD, 8);
    }

    /** The first word whole: it changes with every event the loop starts. */
    long eventWord() {
        return words.get(WORD, 0);
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
            long thread = words.get(WORD, 48) - 1;
            return "at event " + event() + " (" + ReplayException.describe(op(), size()) + ")"
                    + (thread >= 0 ? " on thread " + thread : "");
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
