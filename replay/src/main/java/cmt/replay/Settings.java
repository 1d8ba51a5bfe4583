package cmt.replay;

import cmt.codec.Leniency;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to replay: everything a {@link Replay} was told that the replay itself needs, as a value a child
 * process reads from a file ({@link #write}, in {@link RecordFormat}'s form), so that a new setting is a
 * new component and its {@code with} method.
 *
 * @param allocator   name or library path
 * @param touch       what is done to each new block
 * @param sampleEvery one event in this many is timed (a power of two; 0 times none)
 * @param usable      whether malloc_usable_size is asked after every allocation
 * @param leniency    how the trace is read
 * @param output      where the re-emitted trace goes: a path, {@code -} for standard output, or null
 * @param overwrite   whether an existing output file may be replaced
 * @param check       whether every returned block is checked against the live blocks ({@link BlockCheck})
 * @param timeoutMillis the longest the whole replay may take, 0 for no limit
 * @param stallMillis   the longest one allocator call may take before the replay is stopped, 0 for no limit
 * @param threads     whether each recorded thread is replayed by a thread of its own ({@link Crew})
 * @param pace        whether each call waits until as long after the first as it was recorded ({@code ns=})
 */
record Settings(String allocator, Touch touch, int sampleEvery, boolean usable, Leniency leniency,
        String output, boolean overwrite, boolean check, long timeoutMillis, long stallMillis, boolean threads,
        boolean pace) {
    /** Events decoded and replayed per batch. */
    static final int BATCH = 4096;
    /**
     * Events per batch of a threaded replay: the threads meet once per batch, which costs a few
     * microseconds per thread, so batches are longer.
     */
    static final int THREADED_BATCH = 1 << 16;

    /** Events per batch of this replay. */
    int batch() {
        return crew() ? THREADED_BATCH : BATCH;
    }

    /** Whether the replay runs through a {@link Crew}: on its recorded threads, or paced by its timestamps. */
    boolean crew() {
        return threads || pace;
    }

    /**
     * The defaults for {@code allocator}: no touching, 1 in 64 timed, usable sizes, strict, no output,
     * blocks checked, no time limit, and a call that has not returned in {@value Replay#STALL_SECONDS} s
     * stops the replay.
     */
    static Settings of(String allocator) {
        return new Settings(allocator, Touch.NONE, Replay.SAMPLE_EVERY, true, Leniency.STRICT, null, false, true, 0,
                Replay.STALL_SECONDS * 1000L, false, false);
    }

    Settings withAllocator(String v) {
        return new Settings(v, touch, sampleEvery, usable, leniency, output, overwrite, check, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withTouch(Touch v) {
        return new Settings(allocator, v, sampleEvery, usable, leniency, output, overwrite, check, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withSampleEvery(int v) {
        return new Settings(allocator, touch, v, usable, leniency, output, overwrite, check, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withUsable(boolean v) {
        return new Settings(allocator, touch, sampleEvery, v, leniency, output, overwrite, check, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withLeniency(Leniency v) {
        return new Settings(allocator, touch, sampleEvery, usable, v, output, overwrite, check, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withOutput(String v) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, v, overwrite, check, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withOverwrite(boolean v) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, output, v, check, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withCheck(boolean v) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, output, overwrite, v, timeoutMillis, stallMillis, threads, pace);
    }

    Settings withTimeoutMillis(long v) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, output, overwrite, check, v, stallMillis, threads, pace);
    }

    Settings withStallMillis(long v) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, output, overwrite, check, timeoutMillis, v, threads, pace);
    }

    Settings withPace(boolean v) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, output, overwrite, check, timeoutMillis, stallMillis,
                threads, v);
    }

    Settings withThreads(boolean v) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, output, overwrite, check, timeoutMillis, stallMillis, v, pace);
    }

    /** Writes these settings for a child process to {@link #read}. */
    void write(Path file) {
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            RecordFormat.write(o, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the replay's settings: " + e.getMessage(), e);
        }
    }

    static Settings read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return RecordFormat.read(in, Settings.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the replay's settings: " + e.getMessage(), e);
        }
    }
}
