package cmt.dsl;

import java.nio.file.Path;

/**
 * Replays a trace through a native allocator: the hook through which {@link Trace#replay(String)} reaches
 * the replay module without this module depending on it. The replay module registers its implementation
 * as a {@link java.util.ServiceLoader} service; with it on the class path, {@code t.replay("jemalloc")}
 * works.
 */
public interface Replayer {
    /**
     * Replays the tagged text trace in {@code trace} under {@code allocator} (a name such as
     * {@code "jemalloc"} or a path to a shared library), re-emitting it with that allocator's pointers.
     * The trace is read leniently: a window's frees of blocks allocated before it are dropped.
     */
    Replayed replay(Path trace, String allocator);
}
