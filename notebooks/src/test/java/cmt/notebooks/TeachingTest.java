package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import cmt.notebooks.Jupyter.Output;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * teaching.ipynb, executed: the measures it shows for the hand-written traces are those recomputed here
 * from the traces in its cells, the simulated allocators saw the same requests, and every heap it
 * describes is drawn.
 */
class TeachingTest {
    private static final Pattern HAND_WRITTEN = Pattern.compile("Trace (\\w+) = Trace\\.of\\(\"\"\"\\n(.*?)\"\"\"\\);", Pattern.DOTALL);
    private static JsonNode notebook;
    private static List<Output> outputs;

    @BeforeAll
    static void execute() {
        notebook = Jupyter.json(Jupyter.executed("teaching"));
        outputs = Jupyter.outputs(notebook);
    }

    /** The traces written in the notebook's cells, by variable name, in order. */
    private static Map<String, String> handWritten() {
        Map<String, String> traces = new LinkedHashMap<>();
        for (JsonNode cell : notebook.get("cells")) {
            StringBuilder source = new StringBuilder();
            cell.path("source").forEach(line -> source.append(line.asText()));
            Matcher m = HAND_WRITTEN.matcher(source);
            while (m.find()) {
                traces.put(m.group(1), m.group(2).stripIndent());
            }
        }
        return traces;
    }

    private static List<HtmlTable> comparisons() {
        return outputs.stream().filter(o -> o.html().contains("<caption>fragmentation (16-byte granules) \u2014 "))
                .map(Output::table).toList();
    }

    @Test
    void theHandWrittenHeapsMeasureAsRecomputedFromTheirTraces() {
        Map<String, String> traces = handWritten();
        assertEquals(List.of("bump", "firstFit", "sizeClasses"), new ArrayList<>(traces.keySet()));
        HtmlTable table = comparisons().get(0);
        assertEquals(List.of("measure", "bump", "first fit", "size classes"), table.columns());
        List<String> columns = table.columns().subList(1, 4);
        int i = 0;
        for (String text : traces.values()) {
            Supplier<TraceReader> trace = () -> TraceReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                    "hand-written", Leniency.STRICT);
            BruteForce heap = BruteForce.of(trace, 16);
            String column = columns.get(i++);
            assertEquals(heap.peakLiveBytes, HtmlTable.integer(table.cell("peak live bytes", column)), column);
            assertEquals(16 * heap.pagesTouched, HtmlTable.integer(table.cell("bytes ever used", column)), column);
            assertEquals(heap.peakExtent, HtmlTable.integer(table.cell("peak extent", column)), column);
            assertEquals(heap.holesAtPeak(trace), HtmlTable.integer(table.cell("holes at peak", column)), column);
        }
        // What the text after the table says.
        assertEquals(List.of("80", "80", "80"), table.rows().get(0).subList(1, 4));
        assertEquals(List.of("128", "96", "96"), table.rows().get(1).subList(1, 4));
        assertEquals("320", table.cell("peak extent", "size classes"));
    }

    @Test
    void theSimulatedAllocatorsAnsweredTheSameRequests() {
        HtmlTable table = comparisons().get(1);
        List<String> peaks = table.rows().get(0).subList(1, 4);
        assertEquals(1, peaks.stream().distinct().count(), "one peak of live bytes for all three: " + peaks);
        long bump = HtmlTable.integer(table.cell("bytes ever used", "bump"));
        long firstFit = HtmlTable.integer(table.cell("bytes ever used", "first fit"));
        long sizeClasses = HtmlTable.integer(table.cell("bytes ever used", "size classes"));
        assertTrue(bump > 3 * HtmlTable.integer(peaks.get(0)), "the bump heap used more than three times its peak");
        assertTrue(firstFit < sizeClasses && sizeClasses < bump, "first fit packs tightest, then size classes");
    }

    @Test
    void everyHeapItDescribesIsDrawn() {
        List<Output> charts = outputs.stream().filter(Output::isChart).toList();
        List<String> titles = charts.stream().map(Jupyter::chartTitle).toList();
        assertEquals(List.of("Bump allocator", "First fit", "Size classes", "bump (400 steps)", "first fit (400 steps)",
                "size classes (400 steps)"), titles.subList(0, 6));
        for (int i = 0; i < 3; i++) {
            String html = charts.get(i).html();
            assertTrue(html.contains("var trace5 ") && !html.contains("var trace6 "), titles.get(i) + ": one rectangle per block, six blocks");
        }
        assertTrue(outputs.stream().noneMatch(o -> o.html().contains("could not be replayed")), "both real allocators replayed");
        assertEquals(2, titles.size() - 6);
        assertTrue(titles.get(6).startsWith("glibc: the busiest 4 KiB, from 7"), titles.get(6));
        assertTrue(titles.get(7).startsWith("jemalloc: the busiest 4 KiB, from 7"), titles.get(7));
    }
}
