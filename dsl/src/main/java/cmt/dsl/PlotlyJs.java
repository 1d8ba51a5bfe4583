package cmt.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * plotly.js read from its Maven Central webjar on the classpath, never from the network, so that every
 * chart and report works offline. The build writes the webjar's version into {@code plotly.properties}.
 */
enum PlotlyJs {
    /** Every trace type: for figures of any kind. */
    FULL("plotly.min.js"),
    /** Cartesian traces only (scatter, bar, histogram, heatmap, box, ...): a third of the size. */
    CARTESIAN("plotly-cartesian.min.js");

    private final String file;
    private volatile String source;

    PlotlyJs(String file) {
        this.file = file;
    }

    /** The plotly.js version on the classpath. */
    static String version() {
        try (InputStream in = PlotlyJs.class.getResourceAsStream("plotly.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cmt/dsl/plotly.properties missing from the classpath", e);
        }
    }

    /** The minified source, safe to inline in a {@code <script>} element; read once. */
    String source() {
        String s = source;
        if (s == null) {
            String path = "/META-INF/resources/webjars/plotly.js/" + version() + "/dist/" + file;
            try (InputStream in = PlotlyJs.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException(path + " missing from the classpath (the plotly.js webjar)");
                }
                s = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            source = s;
        }
        return s;
    }
}
