package cmt.replay;

import cmt.codec.TraceException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * How a child process hands its outcome back: a file written once, at the end, by the same build of cmt
 * that reads it (so there is no versioning beyond the magic).
 *
 * <pre>
 * "CMTRPLY2"    8 bytes, magic and version
 * outcome       byte: 0 a result, 1 a failure
 * 0: ReplayResult    }  in {@link RecordFormat}'s form: each component by name, in declaration
 * 1: Failure         }  order, nested records (Timing, Latency, ...) inline
 * </pre>
 */
final class ResultFile {
    private static final byte[] MAGIC = {'C', 'M', 'T', 'R', 'P', 'L', 'Y', '2'};
    private static final int RESULT = 0;
    private static final int FAILURE = 1;

    /**
     * What the child threw, to be thrown again in the calling process.
     *
     * @param kind    which exception it was
     * @param message its one-line message
     * @param event   the event a {@link ReplayException} names, or -1
     */
    record Failure(Kind kind, String message, long event) {
        /** The exceptions a failure can be thrown as. */
        enum Kind {
            BAD_TRACE, FAILED, CANCELLED, INTERNAL
        }

        static Failure of(Throwable t) {
            Kind kind = t instanceof TraceException ? Kind.BAD_TRACE
                    : t instanceof ReplayException ? Kind.FAILED
                    : t instanceof CancellationException ? Kind.CANCELLED : Kind.INTERNAL;
            String message = kind == Kind.INTERNAL ? t.toString() : t.getMessage();
            return new Failure(kind, message == null ? t.getClass().getName() : message,
                    t instanceof ReplayException re ? re.event() : -1);
        }

        RuntimeException exception() {
            return switch (kind) {
                case BAD_TRACE -> new TraceException(message);
                case FAILED -> new ReplayException(message, null, event);
                case CANCELLED -> new CancellationException(message);
                case INTERNAL -> new ReplayException("replay failed: " + message);
            };
        }
    }

    private ResultFile() {
    }

    static void write(Path file, ReplayResult r) {
        write(file, RESULT, r);
    }

    /** Records a failure: what the calling process will throw. */
    static void write(Path file, Throwable failure) {
        write(file, FAILURE, Failure.of(failure));
    }

    private static void write(Path file, int outcome, Record r) {
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            o.write(MAGIC);
            o.writeByte(outcome);
            RecordFormat.write(o, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result in {@code file}, or the failure it records thrown as the child threw it. */
    static ReplayResult read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IOException("not a replay result");
            }
            if (in.readByte() != RESULT) {
                throw RecordFormat.read(in, Failure.class).exception();
            }
            return RecordFormat.read(in, ReplayResult.class);
        } catch (IOException e) {
            throw new ReplayException("cannot read the replay's result: " + e.getMessage());
        }
    }
}
