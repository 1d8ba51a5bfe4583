package cmt.dsl;

import cmt.codec.Leniency;
import cmt.codec.Input;
import cmt.codec.TraceReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a {@link Trace}'s events come from. Every analysis is a fresh pass, so a source must open again
 * and again; standard input is the exception and can be read once (the command line computes everything
 * it prints in that one pass).
 */
interface Source {
    /** Opens a new reader at the first event. */
    TraceReader open(Leniency leniency);

    /** The name used in messages and titles. */
    String name();

    /** The file read, or null for a trace that is not a file. */
    default Path file() {
        return null;
    }

    /** A file (any format, any compression cmt reads). */
    static Source of(Path path) {
        return new Source() {
            @Override
            public TraceReader open(Leniency leniency) {
                return TraceReader.open(path, leniency);
            }

            @Override
            public String name() {
                return path.toString();
            }

            @Override
            public Path file() {
                return path;
            }
        };
    }

    /** A trace written out in a string, as in a notebook cell or a test. */
    static Source text(String text) {
        return bytes(text.getBytes(StandardCharsets.US_ASCII), "<text>");
    }

    /** A trace held in memory, in any format cmt reads. */
    static Source bytes(byte[] bytes, String name) {
        return new Source() {
            @Override
            public TraceReader open(Leniency leniency) {
                return TraceReader.open(Input.of(new ByteArrayInputStream(bytes), name, bytes.length), leniency);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Standard input, readable once. */
    static Source stdin() {
        AtomicBoolean used = new AtomicBoolean();
        return new Source() {
            @Override
            public TraceReader open(Leniency leniency) {
                if (used.getAndSet(true)) {
                    throw new IllegalStateException("standard input can be read only once: compute every "
                            + "analysis in one pass with Trace.compute(...)");
                }
                return TraceReader.open("-", leniency);
            }

            @Override
            public String name() {
                return "<stdin>";
            }
        };
    }
}
