package cmt.dsl;

import cmt.codec.Event;
import cmt.codec.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Writes the view in every {@link Encoding} at once, each through every chosen {@link Compression}, and
 * counts the bytes; nothing is stored. Each format is serialised once and its bytes fan out to the
 * compressors.
 */
final class EncodingSizes implements Probe {
    private final Compression[] compressions;
    private final List<TraceWriter> writers = new ArrayList<>();
    private final List<Fanout> fanouts = new ArrayList<>();
    private long events;

    EncodingSizes(Compression[] compressions) {
        this.compressions = compressions.clone();
        for (Encoding enc : Encoding.ALL) {
            Fanout f = new Fanout(this.compressions);
            fanouts.add(f);
            writers.add(enc.writer().apply(f));
        }
    }

    @Override
    public void before(Event e) {
    }

    @Override
    public void accept(Event e) {
        events++;
        for (int i = 0; i < writers.size(); i++) {
            writers.get(i).write(e);
        }
    }

    @Override
    public void finish() {
        for (TraceWriter w : writers) {
            w.close();
        }
    }

    /**
     * The {@code encoding} table, one row per format and compression: {@code format}, {@code compression},
     * {@code bytes}, {@code bytes per event}.
     */
    Table table() {
        StringColumn format = StringColumn.create("format");
        StringColumn compression = StringColumn.create("compression");
        LongColumn bytes = LongColumn.create("bytes");
        DoubleColumn perEvent = DoubleColumn.create("bytes per event");
        for (int i = 0; i < Encoding.ALL.size(); i++) {
            for (int c = 0; c < compressions.length; c++) {
                long n = fanouts.get(i).counters[c].count;
                format.append(Encoding.ALL.get(i).name());
                compression.append(compressions[c].label());
                bytes.append(n);
                perEvent.append(events == 0 ? 0 : (double) n / events);
            }
        }
        return Table.create("encoding", format, compression, bytes, perEvent);
    }

    /** Counts bytes and drops them. */
    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Hands every byte of one format to each compressor, each ending in its own counter. */
    private static final class Fanout extends OutputStream {
        final Counter[] counters;
        private final OutputStream[] streams;

        Fanout(Compression[] compressions) {
            counters = new Counter[compressions.length];
            streams = new OutputStream[compressions.length];
            for (int c = 0; c < compressions.length; c++) {
                counters[c] = new Counter();
                streams[c] = compressions[c].wrap(counters[c]);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (OutputStream s : streams) {
                s.write(b, off, len);
            }
        }

        @Override
        public void close() {
            try {
                for (OutputStream s : streams) {
                    s.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
