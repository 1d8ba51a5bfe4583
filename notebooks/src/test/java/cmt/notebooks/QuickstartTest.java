package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.dsl.Numbers;
import cmt.notebooks.Jupyter.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * quickstart.ipynb, executed: its numbers are those the command line computes for the same sample
 * ({@code cmt stats}, {@code cmt trace2cmt}), and it shows the tables and charts its text talks about.
 */
class QuickstartTest {
    private static List<Output> outputs;
    private static Map<String, Long> cli;

    @BeforeAll
    static void execute() {
        outputs = Jupyter.outputs(Jupyter.json(Jupyter.executed("quickstart")));
        cli = CmtJar.stats(CmtJar.sample());
    }

    @Test
    void theSummaryIsWhatCmtStatsPrints() {
        HtmlTable counts = Jupyter.table(outputs, "stats: events and bytes");
        HtmlTable peaks = Jupyter.table(outputs, "stats: peaks, sizes and lifetimes");
        Map<String, Long> shown = new TreeMap<>();
        for (HtmlTable t : List.of(counts, peaks)) {
            assertEquals(List.of("measure", "value", "unit"), t.columns());
            t.rows().forEach(row -> shown.put(row.get(0), HtmlTable.integer(row.get(1))));
        }
        assertEquals(new TreeMap<>(cli), shown, "every row of cmt stats, with its value");
        assertEquals(571_972, shown.get("events"), "the sample's event count (samples/README.md)");

        String summary = String.format("<p>%,d events; at most <b>%,d bytes</b> in <b>%,d blocks</b> were live at once; "
                + "the median block asks for %,d bytes.</p>", cli.get("events"), cli.get("peak live bytes"),
                cli.get("peak live blocks"), cli.get("size p50"));
        assertTrue(outputs.stream().anyMatch(o -> o.html().equals(summary)), summary);
    }

    @Test
    void callSitesSayWhichCodeHoldsThePeakAndWhetherSegregatingBySiteWorks() {
        Path py = Jupyter.root().resolve("samples/python-preload.trace.xz");
        HtmlTable sites = Jupyter.table(outputs, "sites");
        assertEquals(10, sites.rows().size());
        String printed = CmtJar.run("sites", "--top", "10", py.toString());
        Matcher count = Pattern.compile("sites \\(first 10 of (\\d+)\\)").matcher(printed);
        assertTrue(count.find(), printed);
        List<String[]> rows = printed.lines().filter(l -> l.matches("^\\s*[0-9,]+\\s.*"))
                .map(l -> l.trim().split("\\s{2,}")).toList();
        assertEquals(10, rows.size(), printed);
        int site = sites.columns().indexOf("site");
        int peak = sites.columns().indexOf("live at peak (bytes)");
        for (int i = 0; i < 10; i++) {
            // cmt sites prints site, blocks, allocated, live at peak, ...: the same sites in the same order.
            assertEquals(rows.get(i)[0], sites.rows().get(i).get(site), "site of row " + i);
            assertEquals(rows.get(i)[3], sites.rows().get(i).get(peak), "live at peak of row " + i);
        }
        long peakBytes = CmtJar.stats(py).get("peak live bytes");
        String sentence = String.format("<p>%,d call sites; at the peak of <b>%,d live bytes</b>",
                Long.parseLong(count.group(1)), peakBytes);
        assertTrue(outputs.stream().anyMatch(o -> o.html().startsWith(sentence)), sentence);

        Output flame = outputs.stream().filter(o -> o.isChart() && o.html().contains("type: 'bar', orientation: 'h'")).findFirst()
                .orElseThrow(() -> new AssertionError("no flame graph"));
        assertEquals("Call stacks by live at peak (bytes)", Jupyter.chartTitle(flame));
        assertTrue(flame.html().contains(" x: [" + (double) peakBytes + ","), "the root is the whole peak");
        Output top = outputs.stream().filter(o -> o.isChart() && Jupyter.chartTitle(o).equals("Live bytes of the top sites"))
                .findFirst().orElseThrow(() -> new AssertionError("no live bytes of the top sites"));
        assertEquals(5, top.html().split("type: 'scatter'", -1).length - 1, "five sites");

        HtmlTable guess = Jupyter.table(outputs,
                "predictability of lifetime classes &lt; 1,000, &lt; 1,000,000, &gt;= 1,000,000 (events)");
        assertEquals(9, guess.rows().size());
        double byFunction = HtmlTable.decimal(guess.rows().get(0).get(3));
        double byStack = HtmlTable.decimal(guess.rows().get(8).get(3));
        double without = HtmlTable.decimal(guess.rows().get(0).get(4));
        assertTrue(without < byFunction && byFunction <= byStack, guess.rows().toString());
        String verdict = String.format("<p>By the calling function alone a site-keyed allocator guesses right for <b>%.0f%%</b>",
                100 * byFunction);
        assertTrue(outputs.stream().anyMatch(o -> o.html().startsWith(verdict)), verdict);
    }

    @Test
    void theOnePassShowsItsProgressAndEndsWithTheEventCount() {
        List<String> progress = Jupyter.progress(outputs);
        assertEquals(1, progress.size(), "one progress display: " + progress);
        assertTrue(progress.get(0).startsWith(String.format("python-heaptrack: %,d events in ", cli.get("events"))),
                progress.get(0));
        Output display = outputs.stream().filter(Output::isProgress).findFirst().orElseThrow();
        assertEquals("display_data", display.type());
    }

    @Test
    void theFirstEventsShowAsALongTableCutToItsHeadAndTail() {
        Output events = outputs.stream().filter(o -> o.html().contains("<caption>events \u2014 1,000 rows")).findFirst().orElseThrow();
        assertEquals("display_data", events.type(), "show() adds no Out[] line");
        assertTrue(events.html().contains("\u2026 985 more rows \u2026"), "head and tail only");
        HtmlTable t = events.table();
        assertEquals(15, t.rows().size());
        assertEquals(List.of("0", "malloc", "72,704", "7cae540", "1"), t.rows().get(0).subList(0, 5),
                "the first line of the sample: malloc(72704) = 0x7cae540");
        assertEquals("999", t.rows().get(14).get(0));
    }

    @Test
    void encodingSizesAreWhatTheConvertersWrite() throws Exception {
        HtmlTable encoding = Jupyter.table(outputs, "encoding");
        Path dir = Files.createDirectories(Path.of("target/quickstart"));
        Path cmt = dir.resolve("python.cmt");
        Path tagged = dir.resolve("python.tagged.trace");
        CmtJar.run("trace2cmt", "--force", "-o", cmt.toString(), CmtJar.sample().toString());
        CmtJar.run("trace2cmt", "--force", "-s", "-o", tagged.toString(), CmtJar.sample().toString());
        assertEquals(List.of("format", "compression", "bytes", "bytes per event"), encoding.columns());
        assertEquals(Numbers.format(Files.size(cmt)), row(encoding, "legacy CMT", "none").get(2));
        assertEquals(Numbers.format(Files.size(tagged)), row(encoding, "tagged text", "none").get(2));
        double perEvent = HtmlTable.decimal(row(encoding, "legacy CMT", "none").get(3));
        assertEquals(Numbers.format((double) Files.size(cmt) / cli.get("events")), row(encoding, "legacy CMT", "none").get(3));
        assertTrue(perEvent < 3.5, "about 3 bytes per event: " + perEvent);
    }

    private static List<String> row(HtmlTable t, String format, String compression) {
        return t.rows().stream().filter(r -> r.get(0).equals(format) && r.get(1).equals(compression)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + format + ", " + compression));
    }

    @Test
    void everyAnalysisOfTheTextHasItsTableOrChart() {
        HtmlTable fragmentation = Jupyter.table(outputs, "fragmentation");
        assertEquals(Numbers.format(cli.get("peak live bytes")), fragmentation.cell("peak live bytes", "value"));
        assertTrue(HtmlTable.decimal(fragmentation.cell("page fragmentation", "value")) >= 1);

        HtmlTable gaps = Jupyter.table(outputs, "gaps");
        for (List<String> row : gaps.rows()) {
            assertTrue(row.subList(2, 5).stream().anyMatch(v -> !v.equals("0")), "empty buckets are left out: " + row);
        }
        assertEquals("8", gaps.rows().get(0).get(0), "glibc's smallest gap between blocks is 8 bytes");

        HtmlTable sizes = Jupyter.table(outputs, "sizes");
        long blocks = sizes.column("blocks").stream().mapToLong(HtmlTable::integer).sum();
        assertEquals(cli.get("malloc") + cli.get("calloc") + cli.get("aligned") + cli.get("realloc"), blocks,
                "every created block in one size bucket");

        Matcher region = Pattern.compile("<p>([0-9,]+) of the ([0-9,]+) sampled blocks lie in the main region.</p>")
                .matcher(outputs.stream().map(Output::html).filter(h -> h.contains("lie in the main region")).findFirst().orElseThrow());
        assertTrue(region.matches());
        assertTrue(Long.parseLong(region.group(1).replace(",", "")) > 4000, "most sampled blocks are in the brk heap");
        List<String> titles = outputs.stream().filter(Output::isChart).map(Jupyter::chartTitle).toList();
        assertEquals(List.of("Block sizes", "Lifetimes (CDF)", "Live heap", "working set (4096-byte pages)",
                "Gaps between address neighbours", "Heap map (" + region.group(1).replace(",", "") + " sampled blocks)",
                "Bytes per event", "Live heap", "Call stacks by live at peak (bytes)", "Live bytes of the top sites"), titles);
    }
}
