package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The quickstart in headless Chromium through the real Notebook UI of {@code cmt notebook}
 * ({@code src/test/browser/session.js}, puppeteer-core from npm, Debian's Chromium): the printed address
 * opens it; Run All gives no error and no stderr output and draws every chart with no legend or axis
 * label outside its figure; after the first chart's cell runs again (its new output without plotly.js),
 * a save and a reload, and in a second, narrower tab, every chart still draws. Screenshots are kept in
 * {@code target/browser/}.
 */
class NotebookBrowserTest {
    private static final Path NODE = Path.of("/usr/bin/node");
    private static final Path NPM = Path.of("/usr/bin/npm");
    private static final Path OUT = Path.of("target/browser").toAbsolutePath();
    /** Beside a link to the samples, so that the notebooks' ../samples paths hold as they do in workspace/. */
    private static final Path WORKSPACE = Path.of("target/browser-workspace").toAbsolutePath();

    /** The test's node project in target/, with puppeteer-core installed from the lock file (no browser download). */
    private static Path script() throws IOException {
        Path dir = Files.createDirectories(Path.of("target/browser-node").toAbsolutePath());
        Path src = Path.of("src/test/browser");
        for (String f : List.of("package.json", "package-lock.json", "session.js")) {
            Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/puppeteer-core"))) {
            Jupyter.run(List.of(NPM.toString(), "ci", "--silent", "--no-audit", "--no-fund", "--prefix", dir.toString()),
                    Duration.ofMinutes(5), Map.of("PUPPETEER_SKIP_DOWNLOAD", "1"));
        }
        return dir.resolve("session.js");
    }

    /** At least three ticks, every one spelled as {@code regex} says. */
    private static void assertTicks(JsonNode ticks, String regex, String chart) {
        assertTrue(ticks.size() >= 3, chart + ": ticks " + ticks);
        for (JsonNode t : ticks) {
            assertTrue(t.asText().matches(regex), chart + ": tick " + t.asText() + " of " + ticks);
        }
    }

    @Test
    void quickstartRunsDrawsAndRedrawsAfterAReload() throws Exception {
        Jupyter.assumeInstalled(Jupyter.CHROMIUM);
        Jupyter.assumeInstalled(NODE);
        Jupyter.assumeInstalled(NPM);
        Path js = script();
        Files.createDirectories(OUT);
        Path samples = WORKSPACE.resolveSibling("samples");
        if (!Files.exists(samples)) {
            Files.createSymbolicLink(samples, Jupyter.root().resolve("samples"));
        }
        NotebookServer.fresh(WORKSPACE);
        NotebookServer server = NotebookServer.start("browser", WORKSPACE);
        JsonNode r;
        try {
            String out = Jupyter.run(List.of(NODE.toString(), js.toString(), server.url(), OUT.toString()),
                    Duration.ofMinutes(25), Map.of());
            Files.writeString(OUT.resolve("session.json"), out);
            r = new ObjectMapper().readTree(out.substring(out.lastIndexOf("\n{") + 1));
        } finally {
            server.stop("INT");
        }
        assertEquals("/notebooks/quickstart.ipynb", r.path("opened").asText(), "the printed address opens the quickstart");
        JsonNode run = r.path("run");
        assertEquals(0, run.path("errors").size(), "errors: " + run.path("errors"));
        assertEquals(0, run.path("stderr").size(), "stderr: " + run.path("stderr"));
        assertTrue(run.path("plots").asInt() >= 10, run.path("plots") + " charts");
        for (String step : List.of("run", "reload", "secondTab")) {
            JsonNode s = r.path(step);
            assertEquals(run.path("plots").asInt(), s.path("plots").asInt(), step + ": charts");
            assertEquals(s.path("plots").asInt(), s.path("drawn").asInt(), step + ": not drawn: " + s.path("missing"));
            assertEquals(0, s.path("clipped").size(), step + ": outside their figure: " + s.path("clipped"));
        }
        assertTrue(r.path("reloadFetched").asBoolean(), "after the reload, plotly.js came from the notebook server");
        int hex = 0;
        int bytes = 0;
        for (JsonNode chart : run.path("ticks")) {
            String title = chart.path("title").asText();
            if (title.startsWith("Heap map")) {
                hex++;
                assertTicks(chart.path("y"), "0x[0-9a-f]+", title);
            }
            if (title.startsWith("Live heap") || title.startsWith("Live bytes")) {
                bytes++;
                assertTicks(chart.path("y"), "\\d+(\\.\\d+)? (B|KiB|MiB|GiB|TiB)", title);
            }
        }
        assertTrue(hex >= 1 && bytes >= 1, "a heap map and a live-bytes chart: " + run.path("ticks"));
    }
}
