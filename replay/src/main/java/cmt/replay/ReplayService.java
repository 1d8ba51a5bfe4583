package cmt.replay;

import cmt.codec.Leniency;
import cmt.dsl.Replayed;
import cmt.dsl.Replayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The replay behind {@code cmt.dsl.Trace#replay}: registered as a {@link Replayer} service so that the
 * analyses can offer replay without depending on this module. Re-emits to a temporary file that lives as
 * long as the JVM.
 */
public final class ReplayService implements Replayer {
    @Override
    public Replayed replay(Path trace, String allocator) {
        try {
            Path out = Files.createTempFile("cmt-" + Path.of(allocator).getFileName() + "-", ".trace");
            out.toFile().deleteOnExit();
            return Replay.of(allocator).leniency(Leniency.LENIENT).overwrite(true).output(out).run(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
