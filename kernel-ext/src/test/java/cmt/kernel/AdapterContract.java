package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * What {@link KernelAdapter} promises, asked of one adapter through its own library's renderer (the class
 * that kernel uses): {@link IJavaKernelTest} and {@link JJavaExtensionTest} each run every test here.
 */
abstract class AdapterContract {
    /**
     * What a new renderer of the library, with the adapter registered on it twice, puts out for
     * {@code value}: asked for every MIME type, or for plain text only.
     */
    abstract Rendered render(Object value, boolean textOnly);

    private Rendered render(Object value) {
        return render(value, false);
    }

    @Test
    void tablesGetHtmlAndTextOnceThoughRegisteredTwice() {
        Rendered r = render(Table.create("t", IntColumn.create("a", 1, 2, 3)));
        assertTrue(r.html().contains("<caption>t \u2014 3 rows \u00d7 1 column</caption>"), r.html());
        assertEquals(1, r.html().split("<caption>", -1).length - 1, "registered twice, rendered once");
        assertTrue(r.text().endsWith("3 rows \u00d7 1 column"), r.text());
    }

    @Test
    void figuresGetAChart() {
        IntColumn x = IntColumn.create("x", 1, 2);
        Rendered r = render(new Figure(ScatterTrace.builder(x, x).build()));
        assertTrue(r.html().contains("Plotly.newPlot("), "a chart");
        assertEquals("plotly chart with 1 trace (shown as HTML)", r.text());
    }

    @Test
    void cmtResultsGetHtmlOtherValuesKeepTheKernelsDefault() {
        assertEquals("<b>summary</b>", render(new ObjectHtmlTest.Summary()).html());
        assertEquals("<i>x</i>", render(new Rendered("<i>x</i>", "x")).html());
        Rendered plain = render(42);
        assertNull(plain.html());
        assertEquals("42", plain.text());
        assertNull(render("plain").html());
        assertNull(render(new example.Plain(3)).html());
    }

    @Test
    void askingForTextOnlyBuildsNoHtml() {
        FigureHtml.newSession();
        IntColumn x = IntColumn.create("x", 1, 2);
        Rendered r = render(new Figure(ScatterTrace.builder(x, x).build()), true);
        assertNull(r.html());
        assertTrue(FigureHtml.html(new Figure(ScatterTrace.builder(x, x).build())).contains("/* plotly.js"),
                "plotly.js is still owed to the first chart actually shown");
    }
}
