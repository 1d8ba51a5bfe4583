package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser: headless Chromium (Debian's {@code chromium}) opens {@code report.html}
 * from disk with networking disabled, lets the charts render, and must show plotly's SVG for every chart.
 * The page, its rendered DOM and a screenshot stay in {@code target/report-browser/}. Without chromium the
 * test is skipped, except under CI ({@code CI=true}), where its absence is a failure.
 */
class ReportBrowserTest {
    private static final Path OUT = Path.of("target", "report-browser");

    @Test
    void chartsRenderOffline() throws Exception {
        Path chromium = chromium();
        Files.createDirectories(OUT);
        Path report = OUT.resolve("report.html").toAbsolutePath();
        Files.writeString(report, Report.html(Trace.of(RandomHeap.trace(7, 5000))));

        Path dom = OUT.resolve("report.dom.html");
        run(chromium, List.of("--dump-dom", report.toUri().toString()), dom);
        String rendered = Files.readString(dom);
        assertEquals(6, ChartsTest.count(rendered, "class=\"plot-container plotly\""), "six charts drawn");
        assertTrue(ChartsTest.count(rendered, "<svg class=\"main-svg\"") >= 6, "plotly's SVG");
        assertTrue(rendered.contains("class=\"scatterlayer"), "scatter traces drawn");
        assertTrue(rendered.contains("class=\"barlayer"), "bar traces drawn");

        Path png = OUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        run(chromium, List.of("--hide-scrollbars", "--window-size=1200,4200", "--screenshot=" + png,
                report.toUri().toString()), OUT.resolve("screenshot.log"));
        assertTrue(Files.size(png) > 20_000, "screenshot of " + Files.size(png) + " bytes");
    }

    /** The chromium binary; skips the test when it is absent, unless under CI. */
    static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        boolean ci = "true".equals(System.getenv("CI"));
        if (ci) {
            throw new AssertionError("chromium is not installed: .ci/install.sh installs it");
        }
        Assumptions.abort("chromium is not installed (apt-get install chromium)");
        return null;
    }

    /** Runs headless chromium, networking off, in a fresh profile; its stdout goes to {@code out}. */
    static void run(Path chromium, List<String> args, Path out) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("cmt-chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--virtual-time-budget=20000"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(out.resolveSibling(out.getFileName() + ".stderr").toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium did not finish in 180 s");
            assertEquals(0, p.exitValue(), "chromium failed: see " + out + ".stderr");
        } finally {
            p.destroyForcibly();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
