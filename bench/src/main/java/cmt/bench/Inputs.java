package cmt.bench;

import cmt.codec.WriteOptions;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The traces benchmarks run over, held in memory so that a benchmark measures the code, not the disk:
 * {@code hmmer} (the original project's 180,216-event SPEC trace, read from {@code cmt.shared}) and
 * {@code churn} (10^7 events of {@link Shapes#generateChurn}), {@code churn-sites} (the same with 10^4 call
 * sites).
 */
final class Inputs {
    static final long CHURN_EVENTS = 10_000_000L;
    /** Call sites of the {@code churn-sites} shape. */
    static final int CHURN_SITES = 10_000;

    private Inputs() {
    }

    /** Tagged text of the named shape. */
    static byte[] text(String shape) throws IOException {
        return switch (shape) {
            case "hmmer" -> {
                Path bz = Path.of(System.getProperty("cmt.shared", "../shared"), "data", "456.hmmer.test.txt.bz2");
                if (!Files.exists(bz)) {
                    throw new IllegalStateException(bz + " is absent: run with -p shape=churn");
                }
                yield reencode(TraceReader.open(bz), Format.TEXT);
            }
            case "churn" -> churn(CHURN_EVENTS);
            case "churn-sites" -> churnWithSites(CHURN_EVENTS, CHURN_SITES);
            default -> throw new IllegalArgumentException(shape);
        };
    }

    /** Tagged text of a churn trace of {@code events} events ({@link Shapes#generateChurn}). */
    static byte[] churn(long events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(1 << 28, events * 24));
        try (TraceWriter w = TraceWriter.open(out, "churn", Format.TEXT, WriteOptions.DEFAULT)) {
            Shapes.generateChurn(events, w::write);
        }
        return out.toByteArray();
    }

    /** Tagged text of a churn trace with call sites, its site table at the end. */
    static byte[] churnWithSites(long events, int sites) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(1 << 29, events * 32));
        try (TraceWriter w = TraceWriter.open(out, "churn-sites", Format.TEXT, WriteOptions.DEFAULT)) {
            Shapes.generateChurn(events, sites, w::write);
            w.sites(Shapes.churnSites(sites));
        }
        return out.toByteArray();
    }

    /**
     * {@code copies} runs of {@code trace} one after the other on the same recorded threads, the k-th with
     * its addresses shifted by k * 2^36 so that no block of one run meets another's: a longer recording
     * of the same program, for measurements that must not be dominated by what a replay costs to start.
     */
    static byte[] repeated(byte[] trace, int copies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(trace.length * copies * 8);
        repeat(() -> open(trace), copies, out, Format.TEXT);
        return out.toByteArray();
    }

    /** {@link #repeated} of the trace {@code input} opens, written to {@code out} in {@code format}. */
    static void repeat(java.util.function.Supplier<TraceReader> input, int copies, java.io.OutputStream out,
            Format format) {
        try (TraceWriter w = TraceWriter.open(out, "bench", format, WriteOptions.DEFAULT.withTagged(false))) {
            Event e = new Event();
            for (int k = 0; k < copies; k++) {
                long shift = (long) k << 36;
                try (TraceReader r = input.get()) {
                    while (r.next(e)) {
                        e.site = Event.NONE;
                        if (e.address != 0) {
                            e.address += shift;
                        }
                        if (e.oldAddress != 0) {
                            e.oldAddress += shift;
                        }
                        w.write(e);
                    }
                }
            }
        }
    }

    /** The same trace in legacy CMT. */
    static byte[] legacy(byte[] text) {
        return reencode(open(text), Format.LEGACY_CMT);
    }

    /** Reads every event of {@code trace} (parsed and resolved) into {@code bh}: the benchmarks' baseline. */
    static long readAll(byte[] trace, org.openjdk.jmh.infra.Blackhole bh) {
        cmt.codec.Event e = new cmt.codec.Event();
        long n = 0;
        try (TraceReader r = open(trace)) {
            while (r.next(e)) {
                bh.consume(e.oldTag);
                n++;
            }
        }
        return n;
    }

    static TraceReader open(byte[] bytes) {
        return TraceReader.open(new ByteArrayInputStream(bytes), "bench", Leniency.STRICT);
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static byte[] reencode(TraceReader r, Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
        try (r; TraceWriter w = TraceWriter.open(out, "bench", format, WriteOptions.DEFAULT)) {
            Event e = new Event();
            while (r.next(e)) {
                w.write(e);
            }
        }
        return out.toByteArray();
    }

    /** Events in a trace. */
    static long count(byte[] bytes) {
        try (TraceReader r = open(bytes)) {
            return r.forEach(e -> { });
        }
    }
}
