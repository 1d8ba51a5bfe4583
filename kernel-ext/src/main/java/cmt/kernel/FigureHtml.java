package cmt.kernel;

import cmt.dsl.Charts;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tech.tablesaw.plotly.components.Figure;

/**
 * A tablesaw-jsplot {@link Figure} as HTML: a {@code <div>} and the script that draws into it.
 *
 * <p>plotly.js (3.4 MB) travels with the first chart of each kernel session only. Every chart's script
 * waits for {@code window.Plotly} (up to {@value #WAIT_MILLIS} ms), so a chart drawn above the one that
 * carries the library, after cells were moved, still draws once the page has loaded. A notebook run top
 * to bottom in a fresh kernel (what CI and "Restart &amp; Run All" do) always has the library in its first
 * chart, so its exported HTML works offline; {@link Notebook#plotly()} puts the library in a cell of its
 * own for notebooks edited in other orders. In a live notebook, a chart whose page lacks the library
 * fetches the copy the notebook server serves ({@code LOAD}), so a reload or a second tab draws every chart
 * whatever ran since.
 */
final class FigureHtml {
    /** How long a chart waits for plotly.js before saying it is missing. */
    static final int WAIT_MILLIS = 10_000;

    private static final AtomicBoolean plotlySent = new AtomicBoolean();
    private static final AtomicLong counter = new AtomicLong();

    private FigureHtml() {
    }

    static String html(Figure f) {
        // A JavaScript identifier as well as an element id: tablesaw names a variable after it.
        String div = "cmt_plot_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet() + "_"
                + Long.toHexString(System.nanoTime());
        String js = Charts.script(f, div);
        StringBuilder b = new StringBuilder(js.length() + 1024);
        if (plotlySent.compareAndSet(false, true)) {
            b.append(PlotlyJs.script());
        }
        return b.append("<div id=\"").append(div).append("\" class=\"cmt cmt-plot\"></div>\n")
                .append("<script type=\"text/javascript\">(function () {\n")
                .append("  var waited = 0;\n")
                .append(LOAD)
                .append("  function draw() {\n")
                .append("    if (!window.Plotly) {\n")
                .append("      if (waited === 0) { load(); }\n")
                .append("      if (waited < ").append(WAIT_MILLIS).append(") { waited += 50; setTimeout(draw, 50); return; }\n")
                .append("      document.getElementById('").append(div).append("').textContent = ")
                .append("'This chart needs plotly.js, which comes with the first chart of a kernel session: "
                        + "run the notebook again from the top (Kernel > Restart & Run All), or call plotly() "
                        + "in a cell above.';\n")
                .append("      return;\n")
                .append("    }\n")
                .append(js.replace("</script", "<\\/script"))
                .append("\n  }\n  draw();\n})();</script>")
                .toString();
    }

    /**
     * The chart's fallback when its page has no plotly.js (a reload or a second tab whose outputs no longer
     * hold the copy that came with the first chart, say after that cell ran again): fetch the copy the
     * notebook server serves beside the kernelspec ({@link Kernelspec#install}: {@code nbextensions/cmt}),
     * once per page, and evaluate it as the inline copy is ({@link PlotlyJs}). A page without a notebook
     * server (exported HTML) has no {@code data-base-url} and waits for the inline copy.
     */
    private static final String LOAD = "  function load() {\n"
            + "    var base = document.body ? document.body.getAttribute('data-base-url') : null;\n"
            + "    if (base === null || window.cmtPlotlyLoading || !window.fetch) { return; }\n"
            + "    window.cmtPlotlyLoading = fetch(base + 'nbextensions/cmt/" + PlotlyJs.fileName() + "')\n"
            + "      .then(function (r) { return r.ok ? r.text() : null; })\n"
            + "      .then(function (src) { if (src && !window.Plotly) {\n"
            + "        (new Function('define', 'module', 'exports', 'require', src)).call(window); } })\n"
            + "      .catch(function () { });\n"
            + "  }\n";

    static String text(Figure f) {
        int n = f.getTraces() == null ? 0 : f.getTraces().length;
        return "plotly chart with " + n + (n == 1 ? " trace" : " traces") + " (shown as HTML)";
    }

    /** Forgets that plotly.js was sent, as a new kernel session would (for tests). */
    static void newSession() {
        plotlySent.set(false);
    }

    /** Marks plotly.js as sent, for an output that carries it on its own. */
    static String plotly() {
        plotlySent.set(true);
        return PlotlyJs.script();
    }
}
