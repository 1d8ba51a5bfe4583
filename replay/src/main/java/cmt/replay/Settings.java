package cmt.replay;

import cmt.codec.Leniency;
import java.util.List;

/**
 * How to replay: everything a {@link Replay} was told, as a value that can be handed to a child process
 * on its command line.
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

    List<String> toArgs() {
        return List.of(allocator, touch.name(), Integer.toString(sampleEvery), Boolean.toString(usable),
                leniency.name(), output == null ? "" : output, Boolean.toString(overwrite));
    }

    static Settings fromArgs(List<String> a) {
        return new Settings(a.get(0), Touch.valueOf(a.get(1)), Integer.parseInt(a.get(2)),
                Boolean.parseBoolean(a.get(3)), Leniency.valueOf(a.get(4)), a.get(5).isEmpty() ? null : a.get(5),
                Boolean.parseBoolean(a.get(6)));
    }
}
