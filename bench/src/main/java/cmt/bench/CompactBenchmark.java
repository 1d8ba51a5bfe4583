package cmt.bench;

import cmt.codec.Format;
import cmt.codec.TraceWriter;

import cmt.codec.WriteOptions;
import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The compact format's encoder and decoder, one whole in-memory trace per operation, beside the legacy
 * CMT decoder over the same trace as the baseline.
 *
 * <p>{@code encode} writes resolved events held in memory (so it measures the encoder, not a parser);
 * {@code decode} reads the compact bytes through {@link TraceReader}, the way every tool does, and
 * {@code decodeLegacy} the legacy CMT bytes; {@code decodeLegacyZstd} and {@code decodeLegacyXz} read the
 * legacy CMT bytes compressed by zstd -19 and xz -9, the peers of similar size. Shapes: {@code hmmer} (from {@code cmt.shared}) and the
 * bundled samples {@code cc1plus} and {@code python} (the heaptrack recordings), {@code java-valgrind},
 * {@code python-preload} and {@code java-preload} (from {@code samples/}, run from the repository root). Both codings of the blocks are measured ({@code coding}); the baselines do not depend on it. Run:
 * {@code bench/run.sh CompactBenchmark}.
 */
public class CompactBenchmark extends WholeTraceBenchmark {
    @Param({"hmmer", "cc1plus", "python", "java-valgrind", "python-preload", "java-preload"})
    public String shape;

    @Param({"false", "true"})
    public boolean addresses;

    /** The blocks' coding: chosen per block (the default), modelled (smallest) or packed ({@code cmt encode --coding}). */
    @Param({"chosen", "modelled", "packed"})
    public String coding;

    List<Event> events;
    byte[] compact;
    byte[] legacy;
    byte[] legacyZstd;
    byte[] legacyXz;

    @Setup(Level.Trial)
    public void load() throws IOException {
        byte[] text = switch (shape) {
            case "cc1plus" -> Files.readAllBytes(sample("cc1plus-heaptrack.trace.xz"));
            case "python" -> Files.readAllBytes(sample("python-heaptrack.trace.xz"));
            case "java-valgrind", "python-preload", "java-preload" -> Files.readAllBytes(sample(shape + ".trace.xz"));
            default -> Inputs.text(shape);
        };
        events = new ArrayList<>();
        try (TraceReader r = Inputs.open(text)) {
            r.forEach(e -> events.add(e.copy()));
        }
        compact = encodeAll();
        legacy = Inputs.legacy(text);
        legacyZstd = compressed(legacy, o -> new ZstdOutputStream(o, 19));
        legacyXz = compressed(legacy, o -> new XZOutputStream(o, new LZMA2Options(9)));
        System.out.printf("%n%s: %,d events, %,d bytes compact (%.3f bytes/event), %,d bytes legacy%n", shape,
                events.size(), compact.length, compact.length / (double) events.size(), legacy.length);
    }

    private static Path sample(String name) {
        Path p = Path.of("samples", name);
        if (!Files.exists(p)) {
            throw new IllegalStateException(p.toAbsolutePath() + " is absent: run from the repository root");
        }
        return p;
    }

    /** A compressing stream around another. */
    private interface Compressor {
        OutputStream around(OutputStream out) throws IOException;
    }

    private static byte[] compressed(byte[] data, Compressor c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = c.around(out)) {
            o.write(data);
        }
        return out.toByteArray();
    }

    private byte[] encodeAll() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        encodeTo(out);
        return out.toByteArray();
    }

    /** Encode every event to a null stream. */
    @Benchmark
    public long encode() {
        return encodeTo(OutputStream.nullOutputStream());
    }

    private long encodeTo(OutputStream out) {
        WriteOptions options = WriteOptions.DEFAULT.withAddresses(addresses).withCoding(WriteOptions.Coding.valueOf(coding.toUpperCase(java.util.Locale.ROOT)));
        try (TraceWriter w = TraceWriter.open(out, "bench", Format.COMPACT, options)) {
            for (Event e : events) {
                w.write(e);
            }
            return events.size();
        }
    }

    /** Decode the compact bytes through a TraceReader. */
    @Benchmark
    public long decode(Blackhole bh) {
        return read(compact, bh);
    }

    /** Baseline: decode the legacy CMT bytes of the same trace through a TraceReader. */
    @Benchmark
    public long decodeLegacy(Blackhole bh) {
        return read(legacy, bh);
    }

    /** Peer: the legacy CMT bytes compressed by zstd -19, decompressed and decoded through a TraceReader. */
    @Benchmark
    public long decodeLegacyZstd(Blackhole bh) {
        return read(legacyZstd, bh);
    }

    /** Peer: the legacy CMT bytes compressed by xz -9, decompressed and decoded through a TraceReader. */
    @Benchmark
    public long decodeLegacyXz(Blackhole bh) {
        return read(legacyXz, bh);
    }

    /** Every event of {@code bytes} (any format, compressed or not) through a TraceReader. */
    private static long read(byte[] bytes, Blackhole bh) {
        return CodecBenchmark.pass(TraceReader.open(Inputs.stream(bytes), "bench", Leniency.STRICT), bh);
    }
}
