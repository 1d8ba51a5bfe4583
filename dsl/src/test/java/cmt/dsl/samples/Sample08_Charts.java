package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.dsl.Charts;
import cmt.dsl.Report;
import cmt.dsl.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.plotly.components.Figure;

/**
 * Sample 8: charts and the report.
 *
 * <p>Each chart is a tablesaw-jsplot {@link Figure} drawn from the table of the same name:
 * {@code Charts.live(t.live())}, {@code pages}, {@code sizes}, {@code lifetimes} (the CDF), {@code gaps}
 * (from {@code layout()}) and {@code heapMap}. {@code Charts.html(title, figures...)} makes a page that
 * works offline (plotly.js comes from the classpath, inlined); {@code Report.html(trace)} makes the whole
 * report that {@code cmt report} writes.
 */
public class Sample08_Charts {
    static final String TRACE = """
            malloc(100) = 1000
            malloc(5000) = 3000
            free(1000)
            realloc(3000, 9000) = 8000
            free(8000)
            """;

    public static void main(String[] args) throws IOException {
        Trace t = Trace.of(TRACE);
        Path page = Path.of(args.length > 0 ? args[0] : "charts.html");
        Files.writeString(page, Charts.html("sample", Charts.live(t.live()), Charts.sizes(t.sizes())));
        System.out.println("wrote " + page.toAbsolutePath());
    }

    @Test
    void pagesNeedNoNetwork(@TempDir Path dir) throws IOException {
        Trace t = Trace.of(TRACE);
        Path page = Files.writeString(dir.resolve("charts.html"),
                Charts.html("sample", Charts.live(t.live()), Charts.lifetimes(t.lifetimes())));
        assertTrue(Files.readString(page).contains("Plotly.newPlot("));
        assertTrue(Report.html(t).contains("<h2>Heap map</h2>"));
    }
}
