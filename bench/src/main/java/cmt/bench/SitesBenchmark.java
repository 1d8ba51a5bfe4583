package cmt.bench;

import cmt.dsl.By;
import cmt.dsl.Trace;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import tech.tablesaw.api.Table;

/**
 * The call-site analyses over a whole in-memory trace with 10^4 sites per operation, against a baseline
 * that only reads the same bytes: {@code sites} is {@code t.sites()} (one pass), {@code predictability}
 * {@code t.predictability()} (one pass, then eight depths summed from the per-site counts).
 * Run: {@code bench/run.sh SitesBenchmark}.
 */
public class SitesBenchmark extends WholeTraceBenchmark {
    @Param({"churn-sites"})
    public String shape;

    byte[] trace;

    @Setup(Level.Trial)
    public void load() throws IOException {
        trace = Inputs.text(shape);
        System.out.printf("%n%s: %,d events, %,d bytes%n", shape, Inputs.count(trace), trace.length);
    }

    /** Baseline: read every event (parse and resolve) and do nothing with it. */
    @Benchmark
    public long read(Blackhole bh) {
        return Inputs.readAll(trace, bh);
    }

    @Benchmark
    public Table sites() {
        return Trace.of(trace, shape).sites(By.SITE);
    }

    @Benchmark
    public Table predictability() {
        return Trace.of(trace, shape).predictability();
    }
}
