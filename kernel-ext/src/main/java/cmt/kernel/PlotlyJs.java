package cmt.kernel;

import cmt.dsl.Charts;

/**
 * plotly.js as an inline {@code <script>}, the source being the one the analyses embed in their reports
 * ({@link Charts#plotlyJs()}, read from the webjar on the class path, never a CDN), so charts draw with no
 * network, in the live notebook and in exported HTML alike.
 *
 * <p>The library is evaluated inside a function whose parameters {@code define}, {@code module},
 * {@code exports} and {@code require} are undefined. Its UMD header then takes the browser-global path
 * and sets {@code window.Plotly}, whatever module loader the page has: classic Notebook and nbconvert's
 * HTML templates load require.js, where the AMD path would register an anonymous module (an error when
 * it comes from an inline script) and leave {@code window.Plotly} unset.
 */
final class PlotlyJs {
    /** The webjar version (the parent pom's {@code plotly.version}). */
    static final String VERSION = Charts.plotlyVersion();

    private static volatile String script;

    private PlotlyJs() {
    }

    /** The file name of the copy a kernelspec install puts where the notebook server serves it. */
    static String fileName() {
        return "plotly-" + VERSION + ".min.js";
    }

    /** The library's source. */
    static String source() {
        return Charts.plotlyJs();
    }

    /** The {@code <script>} element (about 3.4 MB); loads nothing if the page already has Plotly. */
    static String script() {
        String s = script;
        if (s == null) {
            s = "<script type=\"text/javascript\">/* plotly.js " + VERSION
                    + ", inlined once per kernel session so that charts work offline */\n"
                    + "if (!window.Plotly) { (function (define, module, exports, require) {\n"
                    + source()
                    + "\n}).call(window); }\n</script>";
            script = s;
        }
        return s;
    }
}
