package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.notebooks.Jupyter.Output;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code notebooks/*.ipynb} runs top to bottom in a fresh "Java (cmt)" kernel without an error
 * output, and is committed without outputs. A notebook added to the folder is picked up by these two
 * checks with nothing else to do; what it must show (tables, charts, numbers) is asserted by a test
 * method of its own that reads {@link Jupyter#executed}.
 */
class ExecutedNotebooksTest {
    static List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(Jupyter.notebooks())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb"))
                    .map(n -> n.substring(0, n.length() - ".ipynb".length())).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutErrors() throws IOException {
        return names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<Output> outputs = Jupyter.outputs(Jupyter.json(Jupyter.executed(name)));
            for (Output o : outputs) {
                if (o.type().equals("error")) {
                    StringBuilder tb = new StringBuilder();
                    o.json().path("traceback").forEach(l -> tb.append(l.asText().replaceAll("\u001b\\[[0-9;]*m", "")).append('\n'));
                    throw new AssertionError(name + ".ipynb, cell " + o.cell() + ": " + o.json().path("ename").asText()
                            + ": " + o.json().path("evalue").asText() + "\n" + tb);
                }
            }
            assertFalse(outputs.isEmpty(), name + " shows nothing");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookIsCommittedWithoutOutputs() throws IOException {
        return names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode nb = Jupyter.json(Jupyter.notebooks().resolve(name + ".ipynb"));
            assertEquals(Jupyter.KERNEL, nb.path("metadata").path("kernelspec").path("name").asText(), name + " kernel");
            for (JsonNode cell : nb.get("cells")) {
                assertTrue(cell.path("outputs").isEmpty(), name + ".ipynb has outputs: clear them before committing");
                assertTrue(cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode(),
                        name + ".ipynb has execution counts: clear outputs before committing");
            }
        }));
    }

    /** smoke.ipynb: the trace it writes read back, its table, its charts, plotly.js inline once. */
    @Test
    void smokeShowsTheTraceItReadAsTablesAndCharts() {
        JsonNode nb = Jupyter.json(Jupyter.executed("smoke"));
        List<Output> outputs = Jupyter.outputs(nb);
        // What the notebook's first cell writes: malloc sizes 16 << (i % 6) for i < 1000, then every even block freed.
        Map<Long, Long> sizes = new TreeMap<>();
        long freed = 0;
        for (int i = 0; i < 1000; i++) {
            sizes.merge(16L << (i % 6), 1L, Long::sum);
            freed += i % 2 == 0 ? 16L << (i % 6) : 0;
        }
        long events = 1000 + 500;

        Output progress = outputs.stream().filter(o -> o.html().contains("cmt-progress")).findFirst().orElseThrow();
        assertEquals("display_data", progress.type());
        assertTrue(progress.text().startsWith("smoke trace: " + String.format("%,d", events) + " events in "),
                "the progress display ends with the count: " + progress.text());
        assertTrue(outputs.stream().anyMatch(o -> o.type().equals("execute_result") && o.text().equals(Long.toString(events))));

        Output table = outputs.stream().filter(o -> o.html().contains("<caption>malloc sizes")).findFirst().orElseThrow();
        assertTrue(table.html().contains("malloc sizes \u2014 " + sizes.size() + " rows \u00d7 2 columns"), table.html());
        sizes.forEach((size, count) -> assertTrue(
                table.html().contains("<tr><td class=\"num\">" + size + "</td><td class=\"num\">" + count + "</td></tr>"),
                size + " bytes x " + count + " in " + table.html()));

        Output blocks = outputs.stream().filter(o -> o.html().contains("<caption>blocks")).findFirst().orElseThrow();
        assertTrue(blocks.html().contains("1,000 rows \u00d7 2 columns") && blocks.html().contains("985 more rows"));
        assertEquals("display_data", blocks.type(), "show() adds no Out[] line");

        List<Output> charts = outputs.stream().filter(o -> o.html().contains("Plotly.newPlot(")).toList();
        assertEquals(2, charts.size());
        assertTrue(charts.get(0).html().startsWith("<script type=\"text/javascript\">/* plotly.js"),
                "the first chart carries plotly.js");
        assertFalse(charts.get(1).html().contains("/* plotly.js"), "the second reuses it");
        assertEquals(1, outputs.stream().filter(o -> o.html().contains("/* plotly.js")).count());

        String freedHtml = "<p>freed <b>" + freed + "</b> bytes</p>";
        assertTrue(outputs.stream().anyMatch(o -> o.html().equals(freedHtml)), freedHtml);
        assertTrue(outputs.stream().noneMatch(o -> o.type().equals("stream") && o.json().path("name").asText().equals("stderr")),
                "nothing on stderr (library warnings would land in cells)");
        assertTrue(outputs.stream().noneMatch(o -> o.type().equals("execute_result") && o.text().matches("\"?[0-9a-f-]{36}\"?")),
                "no display id as an Out[] line");
    }
}
