package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Event;
import cmt.codec.TraceReader;
import cmt.dsl.Numbers;
import cmt.notebooks.Jupyter.Output;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * allocator-study.ipynb, executed: the bundled sample replayed through the four named allocators, one
 * comparison table whose numbers agree with {@code cmt stats} and with the re-emitted traces themselves,
 * the charts its text talks about, and the layouts side by side.
 */
class AllocatorStudyTest {
    private static final List<String> ALLOCATORS = List.of("glibc", "jemalloc", "mimalloc", "tcmalloc");
    private static List<Output> outputs;
    private static Map<String, Long> cli;

    @BeforeAll
    static void execute() {
        outputs = Jupyter.outputs(Jupyter.json(Jupyter.executed("allocator-study")));
        cli = CmtJar.stats(CmtJar.sample());
    }

    /** Where the notebook wrote the re-emitted traces (the kernel runs in the notebooks folder). */
    private static Path reEmitted(String allocator) {
        return Jupyter.notebooks().resolve("target/allocator-study/" + allocator + ".trace");
    }

    @Test
    void everyAllocatorReplayedTheWholeSample() {
        assertTrue(outputs.stream().noneMatch(o -> o.html().contains("did not finish")), "no replay failed");
        for (String a : ALLOCATORS) {
            String expected = String.format("replay with %s: %,d events in ", a, cli.get("events"));
            assertTrue(Jupyter.progress(outputs).stream().anyMatch(p -> p.startsWith(expected)), expected);
        }
    }

    @Test
    void theComparisonTableAgreesWithTheCommandLineAndTheReEmittedTraces() {
        HtmlTable t = Jupyter.table(outputs, "allocators replaying python-heaptrack.trace.xz (touch page)");
        assertEquals(ALLOCATORS, t.column("allocator"));
        assertEquals(List.of("allocator", "events", "threads", "cross-thread ends", "wall (ms)", "ns per event", "malloc (ns)", "realloc (ns)", "free (ns)",
                "rss before (MiB)", "rss peak (MiB)", "live peak (MiB)", "usable peak (MiB)", "usable overhead (%)",
                "peak_working_set", "page_fragmentation", "hole_fragmentation"), t.columns());
        long pagesNeeded = (cli.get("peak live bytes") + 4095) / 4096;
        for (String a : ALLOCATORS) {
            assertEquals(Numbers.format(cli.get("events")), t.cell(a, "events"), a);
            assertEquals("1", t.cell(a, "threads"), a + ": heaptrack records no threads");
            assertEquals("0", t.cell(a, "cross-thread ends"), a);
            assertEquals(cli.get("peak live bytes") / 1048576.0, HtmlTable.decimal(t.cell(a, "live peak (MiB)")), 0.005, a);
            assertTrue(HtmlTable.decimal(t.cell(a, "usable overhead (%)")) > 0, a + " hands out more than asked");
            assertTrue(HtmlTable.decimal(t.cell(a, "rss peak (MiB)")) > HtmlTable.decimal(t.cell(a, "rss before (MiB)")), a);

            Path trace = reEmitted(a);
            BruteForce heap = BruteForce.of(() -> TraceReader.open(trace), 4096);
            assertEquals(cli.get("peak live bytes"), heap.peakLiveBytes, a + ": same blocks, same sizes");
            assertEquals((double) heap.peakWorkingSet, HtmlTable.decimal(t.cell(a, "peak_working_set")), 0.0,
                    a + ": the working set of the addresses it returned");
            assertEquals(Numbers.format(Math.round(1000.0 * heap.peakWorkingSet / pagesNeeded) / 1000.0),
                    t.cell(a, "page_fragmentation"), a);
        }
    }

    @Test
    void theThreadedSampleIsReplayedOnItsThreadsAndTheDifferenceSaid() {
        HtmlTable t = Jupyter.table(outputs, "one thread against threads(true): java-preload.trace.xz");
        assertEquals(2 * ALLOCATORS.size(), t.rows().size());
        for (List<String> row : t.rows()) {
            boolean threaded = row.get(1).equals("threads");
            assertEquals(threaded ? "18" : "1", row.get(2), row.toString());
            assertEquals("160", row.get(3), "the same crossings, made or not: " + row);
        }
        String sentence = "<p>18 threads; <b>160</b> frees and reallocs end a block another thread made.";
        assertTrue(outputs.stream().anyMatch(o -> o.html().startsWith(sentence)), sentence);
    }

    @Test
    void theReEmittedTracesAreTheInputsEventsWithOtherAddresses() {
        for (String a : ALLOCATORS) {
            try (TraceReader in = TraceReader.open(CmtJar.sample()); TraceReader out = TraceReader.open(reEmitted(a))) {
                Event e = new Event();
                Event f = new Event();
                long events = 0;
                long moved = 0;
                while (in.next(e)) {
                    assertTrue(out.next(f), a + " ends early at event " + e.index);
                    assertEquals(List.of(e.op, e.size, e.tag, e.oldTag), List.of(f.op, f.size, f.tag, f.oldTag), a + " event " + e.index);
                    moved += e.op.creates() && e.address != f.address ? 1 : 0;
                    events++;
                }
                assertTrue(!out.next(f), a + " has more events than the input");
                assertEquals(cli.get("events"), events);
                assertTrue(moved > events / 4, a + " placed the blocks its own way: " + moved);
            }
        }
    }

    @Test
    void itShowsTimeLatencyMemoryFragmentationAndLayoutsSideBySide() {
        HtmlTable latencies = Jupyter.table(outputs, "sampled latencies (ns)");
        for (String a : ALLOCATORS) {
            assertEquals(List.of("malloc", "free"), latencies.rows().stream().filter(r -> r.get(0).equals(a)).map(r -> r.get(1)).toList(),
                    a + ": the sample has mallocs and frees only");
        }
        HtmlTable gaps = Jupyter.table(outputs, "gaps below each new block, by allocator");
        assertEquals(List.of("from (bytes)", "to (bytes)", "recorded", "glibc", "jemalloc", "mimalloc", "tcmalloc"), gaps.columns());

        List<String> titles = outputs.stream().filter(Output::isChart).map(Jupyter::chartTitle).toList();
        assertEquals(List.of("Time per event in the replay loop", "Sampled latency", "RSS growth during the replay",
                "Fragmentation", "Gap below each new block", "Working set (4 KiB pages)",
                "Heap maps (the same sampled blocks; x: event, y: address)"), titles);
        Output maps = outputs.stream().filter(o -> o.isChart() && Jupyter.chartTitle(o).startsWith("Heap maps")).findFirst().orElseThrow();
        for (int panel = 2; panel <= 5; panel++) {
            assertTrue(maps.html().contains("xaxis: 'x" + panel + "'"), "panel " + panel + " of 5");
        }
    }
}
