package cmt.bench;

import cmt.dsl.Analysis;
import cmt.dsl.Trace;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The DSL's streaming analyses over a whole in-memory trace per operation, against a baseline that only
 * reads the same bytes (parse and resolve every event, nothing else): the analyses' own cost is the
 * difference. {@code statsLifetimesPages} is one pass computing {@code stats()}, {@code lifetimes()} and
 * {@code pages()}, as a notebook's first cell would.
 *
 * <p>Events per second = (events in the trace) / (seconds per operation). Run:
 * {@code bench/run.sh AnalysesBenchmark}.
 */
public class AnalysesBenchmark extends WholeTraceBenchmark {
    @Param({"churn"})
    public String shape;

    @Param({"text", "legacy"})
    public String format;

    byte[] trace;

    @Setup(Level.Trial)
    public void load() throws IOException {
        byte[] text = Inputs.text(shape);
        trace = format.equals("legacy") ? Inputs.legacy(text) : text;
        System.out.printf("%n%s as %s: %,d events, %,d bytes%n", shape, format, Inputs.count(trace), trace.length);
    }

    /** Baseline: read every event (parse and resolve) and do nothing with it. */
    @Benchmark
    public long read(Blackhole bh) {
        return Inputs.readAll(trace, bh);
    }

    /** stats, lifetimes and the working set in one pass. */
    @Benchmark
    public Trace statsLifetimesPages() {
        return Trace.of(trace, shape).compute(Analysis.STATS, Analysis.LIFETIMES, Analysis.PAGES);
    }

    /** The address-ordered layout (gaps, extent, holes, pages touched): O(log live) per event. */
    @Benchmark
    public Trace layout() {
        return Trace.of(trace, shape).compute(Analysis.LAYOUT);
    }
}
