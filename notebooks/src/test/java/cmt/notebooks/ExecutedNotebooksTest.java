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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code notebooks/*.ipynb} runs top to bottom in a fresh "Java (cmt)" kernel without an error
 * output, and is committed without outputs. A notebook added to the folder is picked up by these two
 * checks with nothing else to do; what it must show (tables, charts, numbers) is asserted by a test
 * method of its own that reads {@link Jupyter#executed} (QuickstartTest, AllocatorStudyTest, TeachingTest).
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
            assertTrue(outputs.stream().noneMatch(o -> o.type().equals("stream") && o.json().path("name").asText().equals("stderr")),
                    name + ": nothing on stderr (library warnings would land in cells)");
            assertTrue(outputs.stream().noneMatch(o -> o.type().equals("execute_result") && o.text().matches("\"?[0-9a-f-]{36}\"?")),
                    name + ": no display id as an Out[] line");
            List<Output> charts = outputs.stream().filter(Output::isChart).toList();
            if (!charts.isEmpty()) {
                assertTrue(charts.get(0).html().startsWith("<script type=\"text/javascript\">/* plotly.js"),
                        name + ": the first chart carries plotly.js");
                assertEquals(1, outputs.stream().filter(o -> o.html().contains("/* plotly.js")).count(),
                        name + ": plotly.js once, later charts reuse it");
            }
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
}
