package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** The renderers as IJava's own renderer (the class the kernel uses) applies them. */
class IJavaKernelTest {
    private static Renderer renderer() {
        Renderer r = new Renderer();
        IJavaKernel.register(r);
        IJavaKernel.register(r);
        return r;
    }

    private static String html(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_HTML);
    }

    @Test
    void tablesGetHtmlAndText() {
        DisplayData d = renderer().render(Table.create("t", IntColumn.create("a", 1, 2, 3)));
        assertTrue(html(d).contains("<caption>t \u2014 3 rows \u00d7 1 column</caption>"), html(d));
        assertEquals(1, html(d).split("<caption>", -1).length - 1, "registered twice, rendered once");
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).endsWith("3 rows \u00d7 1 column"));
    }

    @Test
    void figuresGetAChart() {
        IntColumn x = IntColumn.create("x", 1, 2);
        DisplayData d = renderer().render(new Figure(ScatterTrace.builder(x, x).build()));
        assertTrue(html(d).contains("Plotly.newPlot("), "a chart");
        assertEquals("plotly chart with 1 trace (shown as HTML)", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void cmtResultsGetHtmlOtherValuesKeepIJavasDefault() {
        Renderer r = renderer();
        assertTrue(html(r.render(new ObjectHtmlTest.Summary())).contains("<b>summary</b>"));
        assertTrue(html(r.render(new Rendered("<i>x</i>", "x"))).equals("<i>x</i>"));
        DisplayData plain = r.render(42);
        assertNull(html(plain));
        assertEquals("42", plain.getData(MIMEType.TEXT_PLAIN));
        assertNull(html(r.render(new example.Plain(3))));
    }

    @Test
    void askingForTextOnlyBuildsNoHtml() {
        FigureHtml.newSession();
        IntColumn x = IntColumn.create("x", 1, 2);
        DisplayData d = renderer().renderAs(new Figure(ScatterTrace.builder(x, x).build()), "text/plain");
        assertFalse(d.hasDataForType(MIMEType.TEXT_HTML));
        assertTrue(FigureHtml.html(new Figure(ScatterTrace.builder(x, x).build())).contains("/* plotly.js"),
                "plotly.js is still owed to the first chart actually shown");
    }
}
