package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Jupyter with the "Java (cmt)" kernel, as the notebook tests use it: the kernelspec installed
 * once per test run into {@code target/jupyter} by the real {@code cmt kernel install}, notebooks
 * executed with {@code /usr/bin/jupyter nbconvert --execute} (each once, shared by the tests that look at
 * it), and every Jupyter file kept under {@code target/} (no change to the user's own Jupyter setup).
 *
 * <p>Python is always Debian's {@code /usr/bin/python3}: the {@code python3} on PATH may be another build
 * without Jupyter's packages. Where Jupyter is not installed the tests are skipped, except in CI
 * ({@code CI=true}), which installs it (.ci/install.sh) and must not pass by skipping.
 */
final class Jupyter {
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The kernel name notebooks record; the kernelspec's folder. */
    static final String KERNEL = "cmt-java";

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Map<String, Path> executed = new HashMap<>();
    private static Path prefix;

    private Jupyter() {
    }

    /** The repository root (the parent pom sets {@code cmt.root}). */
    static Path root() {
        return Path.of(System.getProperty("cmt.root", "..")).toAbsolutePath().normalize();
    }

    /** The folder of the notebooks (this module's folder). */
    static Path notebooks() {
        return root().resolve("notebooks");
    }

    /** Skips the test where a program is missing, unless this is CI. */
    static void assumeInstalled(Path program) {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(program)) {
            if (ci) {
                fail(program + " is missing: .ci/install.sh should have installed it");
            }
            assumeTrue(false, program + " is not installed (apt-get install jupyter-notebook jupyter-nbconvert chromium)");
        }
    }

    /** Installs the kernelspec into target/jupyter (once) and returns the environment that finds it. */
    static synchronized Map<String, String> environment() {
        assumeInstalled(JUPYTER);
        assumeInstalled(PYTHON);
        if (prefix == null) {
            Path jar = root().resolve("cli/target/cmt.jar");
            if (!Files.isRegularFile(jar)) {
                fail(jar + " is missing: build cli first (mvn -pl notebooks -am verify does)");
            }
            Path p = TARGET.resolve("jupyter");
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "kernel", "install", "--prefix", p.toString()), Duration.ofMinutes(2), Map.of());
            prefix = p;
        }
        Map<String, String> env = new HashMap<>();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", TARGET.resolve("jupyter-runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", TARGET.resolve("jupyter-config").toString());
        env.put("JUPYTER_DATA_DIR", TARGET.resolve("jupyter-data").toString());
        return env;
    }

    /**
     * The notebook {@code notebooks/NAME.ipynb} executed top to bottom in a fresh kernel (errors kept as
     * outputs, so a test can say which cell failed), as {@code target/executed/NAME.ipynb}.
     */
    static synchronized Path executed(String name) {
        Path out = executed.get(name);
        if (out == null) {
            Map<String, String> env = environment();
            Path dir = TARGET.resolve("executed");
            run(List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                    "--ExecutePreprocessor.kernel_name=" + KERNEL, "--ExecutePreprocessor.timeout=1800",
                    "--ExecutePreprocessor.startup_timeout=180", "--output-dir", dir.toString(), "--output", name,
                    notebooks().resolve(name + ".ipynb").toString()), Duration.ofMinutes(35), env);
            out = dir.resolve(name + ".ipynb");
            executed.put(name, out);
        }
        return out;
    }

    /** The executed notebook exported to HTML, as {@code target/executed/NAME.html}. */
    static Path html(String name) {
        Path nb = executed(name);
        run(List.of(JUPYTER.toString(), "nbconvert", "--to", "html", nb.toString()), Duration.ofMinutes(5), environment());
        return nb.resolveSibling(name + ".html");
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a program to completion; fails the test with its output if it fails or overruns. */
    static String run(List<String> command, Duration timeout, Map<String, String> env) {
        try {
            Path log = Files.createTempFile(Files.createDirectories(TARGET), "run-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("timed out after " + timeout + ": " + String.join(" ", command) + "\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            Files.delete(log);
            if (p.exitValue() != 0) {
                fail("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every output of every code cell, in order, with the index of its cell. */
    static List<Output> outputs(JsonNode notebook) {
        List<Output> all = new ArrayList<>();
        JsonNode cells = notebook.get("cells");
        for (int i = 0; i < cells.size(); i++) {
            for (JsonNode o : cells.get(i).path("outputs")) {
                all.add(new Output(i, o));
            }
        }
        return all;
    }

    /** One output of an executed notebook. */
    record Output(int cell, JsonNode json) {
        String type() {
            return json.get("output_type").asText();
        }

        /** The data of a MIME type (Jupyter stores it as a string or a list of lines), or "". */
        String data(String mime) {
            JsonNode d = json.path("data").path(mime);
            if (d.isArray()) {
                StringBuilder b = new StringBuilder();
                d.forEach(line -> b.append(line.asText()));
                return b.toString();
            }
            return d.asText("");
        }

        String html() {
            return data("text/html");
        }

        String text() {
            return data("text/plain");
        }

        /** The table this output shows. */
        HtmlTable table() {
            return HtmlTable.parse(html());
        }

        boolean isChart() {
            return html().contains("Plotly.newPlot(");
        }

        boolean isProgress() {
            return html().contains("cmt-progress");
        }
    }

    /** The table named {@code name} among the outputs (its caption without the size). */
    static HtmlTable table(List<Output> outputs, String name) {
        return outputs.stream().filter(o -> o.html().contains("<caption>" + name + " \u2014 ")).findFirst()
                .map(Output::table).orElseThrow(() -> new AssertionError("no table named " + name));
    }

    /** The title of a chart output (tablesaw writes the layout as <code>var layout = &#123; title: '...'}</code>). */
    static String chartTitle(Output chart) {
        String html = chart.html();
        int at = html.indexOf("title: '", html.indexOf("var layout"));
        return html.substring(at + 8, html.indexOf('\'', at + 8));
    }

    /** The text of every progress display among the outputs, in order. */
    static List<String> progress(List<Output> outputs) {
        return outputs.stream().filter(Output::isProgress).map(Output::text).toList();
    }
}
