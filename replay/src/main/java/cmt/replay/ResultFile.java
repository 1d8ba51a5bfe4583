package cmt.replay;

import cmt.codec.TraceException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.HdrHistogram.Histogram;

/**
 * How a child process hands its outcome back: a file written once, at the end, by the same build of cmt
 * that reads it (so there is no versioning beyond the magic).
 *
 * <pre>
 * "CMTRPLY1"                       8 bytes, magic and version
 * kind                             byte: 0 result, 1 bad trace, 2 replay failed, 3 cancelled, 4 internal error
 * kind != 0: message (UTF), event (long)   one-line message; event index or -1
 * kind == 0, in this order:
 *   allocator, library, input (UTF); touch (UTF, enum name); sampleEvery (int); usableMeasured (bool)
 *   notes: count (int), each UTF
 *   opCount[5], wallNanos, loopNanos (long)
 *   latency[5]: length (int), HdrHistogram compressed encoding
 *   timerNanos, downcallNanos (double)
 *   rssBefore, rssAfter, rssPeak, processPeak (long); series: count (int), then count x (ms, events, bytes)
 *   requested, usable, peakLiveRequested, peakLiveUsable, peakLiveBlocks, liveBlocksAtEnd (long)
 *   statsBefore, statsAfter: count (int), each name (UTF) and value (long)
 *   output (UTF, empty for none)
 * </pre>
 * DataOutput order: big-endian.
 */
final class ResultFile {
    private static final byte[] MAGIC = {'C', 'M', 'T', 'R', 'P', 'L', 'Y', '1'};
    private static final int RESULT = 0;
    private static final int BAD_TRACE = 1;
    private static final int FAILED = 2;
    private static final int CANCELLED = 3;
    private static final int INTERNAL = 4;

    private ResultFile() {
    }

    static void write(Path file, ReplayResult r) {
        try (DataOutputStream o = open(file, RESULT)) {
            o.writeUTF(r.allocator);
            o.writeUTF(r.library);
            o.writeUTF(r.input);
            o.writeUTF(r.touch.name());
            o.writeInt(r.sampleEvery);
            o.writeBoolean(r.usableMeasured);
            o.writeInt(r.notes.size());
            for (String n : r.notes) {
                o.writeUTF(n);
            }
            for (long c : r.opCount) {
                o.writeLong(c);
            }
            o.writeLong(r.wallNanos);
            o.writeLong(r.loopNanos);
            for (Histogram h : r.latency) {
                ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                int n = h.encodeIntoCompressedByteBuffer(b);
                o.writeInt(n);
                o.write(b.array(), 0, n);
            }
            o.writeDouble(r.timerNanos);
            o.writeDouble(r.downcallNanos);
            o.writeLong(r.rssBefore);
            o.writeLong(r.rssAfter);
            o.writeLong(r.rssPeak);
            o.writeLong(r.processPeak);
            o.writeInt(r.rssBytes.length);
            for (int i = 0; i < r.rssBytes.length; i++) {
                o.writeLong(r.rssMillis[i]);
                o.writeLong(r.rssEvents[i]);
                o.writeLong(r.rssBytes[i]);
            }
            o.writeLong(r.requested);
            o.writeLong(r.usable);
            o.writeLong(r.peakLiveRequested);
            o.writeLong(r.peakLiveUsable);
            o.writeLong(r.peakLiveBlocks);
            o.writeLong(r.liveBlocksAtEnd);
            writeMap(o, r.statsBefore);
            writeMap(o, r.statsAfter);
            o.writeUTF(r.output == null ? "" : r.output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records a failure: what the calling process will throw. */
    static void write(Path file, Throwable failure) {
        int kind = failure instanceof TraceException ? BAD_TRACE
                : failure instanceof ReplayException ? FAILED
                : failure instanceof CancellationException ? CANCELLED : INTERNAL;
        String message = kind == INTERNAL ? failure.toString() : failure.getMessage();
        long event = failure instanceof ReplayException re ? re.event() : -1;
        try (DataOutputStream o = open(file, kind)) {
            o.writeUTF(message == null ? failure.getClass().getName() : message);
            o.writeLong(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result in {@code file}, or the failure it records thrown as the child threw it. */
    static ReplayResult read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a replay result");
            }
            int kind = in.readByte();
            if (kind != RESULT) {
                String message = in.readUTF();
                long event = in.readLong();
                throw switch (kind) {
                    case BAD_TRACE -> new TraceException(message);
                    case FAILED -> new ReplayException(message, null, event);
                    case CANCELLED -> new CancellationException(message);
                    default -> new ReplayException("replay failed: " + message);
                };
            }
            ReplayResult r = new ReplayResult();
            r.allocator = in.readUTF();
            r.library = in.readUTF();
            r.input = in.readUTF();
            r.touch = Touch.valueOf(in.readUTF());
            r.sampleEvery = in.readInt();
            r.usableMeasured = in.readBoolean();
            int notes = in.readInt();
            for (int i = 0; i < notes; i++) {
                r.notes.add(in.readUTF());
            }
            for (int i = 0; i < r.opCount.length; i++) {
                r.opCount[i] = in.readLong();
            }
            r.wallNanos = in.readLong();
            r.loopNanos = in.readLong();
            for (int i = 0; i < r.latency.length; i++) {
                byte[] b = in.readNBytes(in.readInt());
                r.latency[i] = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(b), 0);
            }
            r.timerNanos = in.readDouble();
            r.downcallNanos = in.readDouble();
            r.rssBefore = in.readLong();
            r.rssAfter = in.readLong();
            r.rssPeak = in.readLong();
            r.processPeak = in.readLong();
            int n = in.readInt();
            r.rssMillis = new long[n];
            r.rssEvents = new long[n];
            r.rssBytes = new long[n];
            for (int i = 0; i < n; i++) {
                r.rssMillis[i] = in.readLong();
                r.rssEvents[i] = in.readLong();
                r.rssBytes[i] = in.readLong();
            }
            r.requested = in.readLong();
            r.usable = in.readLong();
            r.peakLiveRequested = in.readLong();
            r.peakLiveUsable = in.readLong();
            r.peakLiveBlocks = in.readLong();
            r.liveBlocksAtEnd = in.readLong();
            r.statsBefore = readMap(in);
            r.statsAfter = readMap(in);
            String out = in.readUTF();
            r.output = out.isEmpty() ? null : out;
            r.isolated = true;
            return r;
        } catch (IOException | java.util.zip.DataFormatException e) {
            throw new ReplayException("cannot read the replay's result: " + e.getMessage());
        }
    }

    private static DataOutputStream open(Path file, int kind) throws IOException {
        DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
        o.write(MAGIC);
        o.writeByte(kind);
        return o;
    }

    private static void writeMap(DataOutputStream o, Map<String, Long> m) throws IOException {
        o.writeInt(m.size());
        for (Map.Entry<String, Long> e : m.entrySet()) {
            o.writeUTF(e.getKey());
            o.writeLong(e.getValue());
        }
    }

    private static Map<String, Long> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readUTF(), in.readLong());
        }
        return m;
    }
}
