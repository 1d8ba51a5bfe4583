package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class FigureHtmlTest {
    private static Figure figure(String title) {
        IntColumn x = IntColumn.create("x", 1, 2, 3);
        return new Figure(Layout.builder().title(title).build(), ScatterTrace.builder(x, x).build());
    }

    @Test
    void plotlyTravelsWithTheFirstChartOfASessionOnly() {
        FigureHtml.newSession();
        String first = FigureHtml.html(figure("first"));
        String second = FigureHtml.html(figure("second"));
        assertTrue(first.startsWith("<script type=\"text/javascript\">/* plotly.js " + PlotlyJs.VERSION), first.substring(0, 80));
        assertTrue(first.length() > 3_000_000, "the library itself (3.4 MB) is inline: " + first.length());
        assertFalse(second.contains("/* plotly.js"), "later charts reuse window.Plotly");
        assertTrue(second.length() < 10_000, "a chart without the library is small: " + second.length());
        FigureHtml.newSession();
        assertTrue(FigureHtml.html(figure("again")).contains("/* plotly.js"), "a new session sends it again");
    }

    @Test
    void chartScriptDrawsIntoItsOwnDivOnceWindowPlotlyExists() {
        FigureHtml.plotly();
        String html = FigureHtml.html(figure("a </script> title"));
        Matcher m = Pattern.compile("<div id=\"(cmt_plot_\\w+)\" class=\"cmt cmt-plot\"></div>").matcher(html);
        assertTrue(m.find(), html);
        String div = m.group(1);
        assertTrue(html.contains("document.getElementById('" + div + "')"), "the figure targets its div");
        assertTrue(html.indexOf("if (!window.Plotly)") < html.indexOf("Plotly.newPlot("), "it waits for plotly.js first");
        assertEquals(1, html.split("</script", -1).length - 1, "only the closing tag, not the title: " + html);
        assertFalse(FigureHtml.html(figure("b")).contains(div), "every chart has a div of its own");
    }

    @Test
    void inlinePlotlyCannotEndItsScriptEarlyAndIgnoresModuleLoaders() {
        String s = PlotlyJs.script();
        assertEquals(1, s.split("</script", -1).length - 1);
        assertTrue(s.contains("(function (define, module, exports, require) {"), "UMD sees no loader");
        assertTrue(s.contains("Licensed under the MIT license"), "the webjar's file, with its notice");
    }

    @Test
    void textSaysWhatTheChartIs() {
        assertEquals("plotly chart with 1 trace (shown as HTML)", FigureHtml.text(figure("t")));
    }
}
