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
 */
record Settings(String allocator, Touch touch, int sampleEvery, boolean usable, Leniency leniency,
        String output, boolean overwrite) {
    /** Events decoded and replayed per batch. */
    static final int BATCH = 4096;

    /** The defaults for {@code allocator}: no touching, 1 in 64 timed, usable sizes, strict, no output. */
    static Settings of(String allocator) {
        return new Settings(allocator, Touch.NONE, Replay.SAMPLE_EVERY, true, Leniency.STRICT, null, false);
    }

    Settings withAllocator(String a) {
        return new Settings(a, touch, sampleEvery, usable, leniency, output, overwrite);
    }

    Settings withTouch(Touch t) {
        return new Settings(allocator, t, sampleEvery, usable, leniency, output, overwrite);
    }

    Settings withSampleEvery(int n) {
        return new Settings(allocator, touch, n, usable, leniency, output, overwrite);
    }

    Settings withUsable(boolean u) {
        return new Settings(allocator, touch, sampleEvery, u, leniency, output, overwrite);
    }

    Settings withLeniency(Leniency l) {
        return new Settings(allocator, touch, sampleEvery, usable, l, output, overwrite);
    }

    Settings withOutput(String o) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, o, overwrite);
    }

    Settings withOverwrite(boolean o) {
        return new Settings(allocator, touch, sampleEvery, usable, leniency, output, o);
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
