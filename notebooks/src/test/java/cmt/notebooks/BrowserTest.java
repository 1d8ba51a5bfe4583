package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The executed quickstart exported to HTML, opened in headless Chromium with networking off (every
 * request goes to a proxy that is not there): all its charts draw, so plotly.js really is inline and works
 * under the export's require.js. The screenshot of the whole page is kept as
 * {@code target/browser/quickstart.png}.
 */
class BrowserTest {
    private static final Path OUT = Path.of("target/browser").toAbsolutePath();

    /** Runs Chromium with a fresh profile, removed afterwards. */
    private static String chromium(String... args) throws IOException {
        Path profile = Files.createTempDirectory(OUT, "profile-");
        try {
            return Jupyter.run(command(profile, args), Duration.ofMinutes(3), Map.of());
        } finally {
            try (Stream<Path> all = Files.walk(profile)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<String> command(Path profile, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Jupyter.CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>", "--virtual-time-budget=30000", "--hide-scrollbars"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void exportedQuickstartDrawsItsChartsOffline() throws IOException {
        Jupyter.assumeInstalled(Jupyter.CHROMIUM);
        Path html = Jupyter.html("quickstart");
        Files.createDirectories(OUT);
        String page = Files.readString(html);
        List<String> divs = new ArrayList<>();
        Matcher m = Pattern.compile("<div id=\"(cmt_plot_\\w+)\"").matcher(page);
        while (m.find()) {
            divs.add(m.group(1));
        }
        assertEquals(10, divs.size(), "the quickstart's ten charts in the export");

        String dom = chromium("--dump-dom", html.toUri().toString());
        Files.writeString(OUT.resolve("quickstart.dom.html"), dom);
        for (String div : divs) {
            int at = dom.indexOf("<div id=\"" + div + "\"");
            assertTrue(at >= 0, div);
            String chart = dom.substring(at, Math.min(dom.length(), at + 4000));
            assertTrue(chart.contains("<svg class=\"main-svg\""), "chart " + div + " is drawn: " + chart.substring(0, 300));
            assertFalse(chart.startsWith("<div id=\"" + div + "\" class=\"cmt cmt-plot\">This chart needs"), div);
        }

        Path png = OUT.resolve("quickstart.png");
        chromium("--window-size=1200,11000", "--screenshot=" + png, html.toUri().toString());
        assertTrue(Files.size(png) > 20_000, "a screenshot with content: " + Files.size(png) + " bytes");
    }
}
