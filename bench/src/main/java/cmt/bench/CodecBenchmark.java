package cmt.bench;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;

import cmt.codec.AsciiSink;
import cmt.codec.Event;
import cmt.codec.TraceReader;
import cmt.dsl.annotate.LifetimesAnnotation;
import cmt.dsl.annotate.OverheadAnnotation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One pass over a whole in-memory trace per operation: the trace core's hot paths against a baseline
 * that only finds the line ends of the same bytes (the least any text reader must do).
 *
 * <p>Events per second = (events in the trace) / (seconds per operation); {@code BENCHMARKS.md} lists
 * both. Run: {@code bench/run.sh CodecBenchmark}.
 */
public class CodecBenchmark extends WholeTraceBenchmark {
    @Param({"hmmer", "churn"})
    public String shape;

    byte[] text;
    byte[] legacy;
    long[] ops;

    @Setup(Level.Trial)
    public void load() throws IOException {
        text = Inputs.text(shape);
        legacy = Inputs.legacy(text);
        System.out.printf("%n%s: %,d events, %,d bytes of text, %,d bytes of legacy CMT%n",
                shape, Inputs.count(text), text.length, legacy.length);
    }

    /** Baseline: find every line end of the text with the reader's buffer size. */
    @Benchmark
    public long scanLines() throws IOException {
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Inputs.stream(text)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /** Parse and resolve the text: every event with tags and its ended block. */
    @Benchmark
    public long parseText(Blackhole bh) {
        return pass(Inputs.open(text), bh);
    }

    /** Decode the legacy CMT. */
    @Benchmark
    public long decodeLegacy(Blackhole bh) {
        return pass(Inputs.open(legacy), bh);
    }

    /** Decode the legacy CMT and encode it again (encode cost = this minus decodeLegacy). */
    @Benchmark
    public long decodeEncodeLegacy() {
        Event e = new Event();
        long n = 0;
        try (TraceReader r = Inputs.open(legacy); TraceWriter w = TraceWriter.open(OutputStream.nullOutputStream(), "null", Format.LEGACY_CMT, WriteOptions.DEFAULT)) {
            while (r.next(e)) {
                w.write(e);
                n++;
            }
        }
        return n;
    }

    /** {@code cmt lifetimes} over the text, to a null stream. */
    @Benchmark
    public long lifetimes() {
        try (TraceReader r = Inputs.open(text); AsciiSink out = new AsciiSink(OutputStream.nullOutputStream(), "null")) {
            return new LifetimesAnnotation(out).run(r);
        }
    }

    /** {@code cmt overhead} over the text, to a null stream. */
    @Benchmark
    public long overhead() {
        try (TraceReader r = Inputs.open(text); AsciiSink out = new AsciiSink(OutputStream.nullOutputStream(), "null")) {
            return new OverheadAnnotation(out).run(r);
        }
    }

    /** Reads every event of {@code r} into {@code bh}; returns how many (shared with CompactBenchmark). */
    static long pass(TraceReader r, Blackhole bh) {
        Event e = new Event();
        long n = 0;
        try (r) {
            while (r.next(e)) {
                bh.consume(e.oldTag);
                n++;
            }
        }
        return n;
    }
}
