package cmt.dsl;

import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A flame graph as one plotly bar trace, which plotly.js 1.x can draw (its {@code icicle} trace came with
 * 2.x): each frame is a horizontal bar at the row of its depth, starting where its parent's bar does plus the
 * widths of its elder siblings ({@code base}) and as wide as its value, so that the bars tile like an icicle,
 * the outermost frame on top. Labels sit inside the bars; the hover text gives the full frame and its share.
 */
final class FlameTrace implements Trace {
    private final String name;
    private final double[] start;
    private final double[] width;
    private final int[] depth;
    private final String[] labels;
    private final String[] hover;
    private final String[] colors;

    FlameTrace(String name, double[] start, double[] width, int[] depth, String[] labels, String[] hover, String[] colors) {
        this.name = name;
        this.start = start;
        this.width = width;
        this.depth = depth;
        this.labels = labels;
        this.hover = hover;
        this.colors = colors;
    }

    @Override
    public String asJavascript(int i) {
        StringBuilder b = new StringBuilder("var trace").append(i).append(" = {type: 'bar', orientation: 'h', name: ");
        quote(b, name);
        b.append(", textposition: 'inside', insidetextanchor: 'start', textangle: 0, constraintext: 'inside', width: 0.95");
        b.append(", hovertemplate: '%{customdata}<extra></extra>', cliponaxis: true");
        numbers(b.append(", base: "), start);
        numbers(b.append(", x: "), width);
        b.append(", y: [");
        for (int k = 0; k < depth.length; k++) {
            b.append(k == 0 ? "" : ",").append(depth[k]);
        }
        b.append(']');
        array(b.append(", text: "), labels);
        array(b.append(", customdata: "), hover);
        array(b.append(", marker: {line: {width: 0.5, color: '#ffffff'}, color: "), colors);
        return b.append("}};\n").toString();
    }

    /** Rows the bars take: the deepest frame's depth + 1. */
    int rows() {
        int max = 0;
        for (int d : depth) {
            max = Math.max(max, d);
        }
        return max + 1;
    }

    /** The width of the root bar: the total of the measure. */
    double total() {
        return width.length == 0 ? 0 : width[0];
    }

    private static void numbers(StringBuilder b, double[] a) {
        b.append('[');
        for (int k = 0; k < a.length; k++) {
            b.append(k == 0 ? "" : ",").append(a[k]);
        }
        b.append(']');
    }

    private static void array(StringBuilder b, String[] a) {
        b.append('[');
        for (int k = 0; k < a.length; k++) {
            if (k > 0) {
                b.append(',');
            }
            quote(b, a[k]);
        }
        b.append(']');
    }

    /** A JavaScript string literal safe inside a {@code <script>} element. */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public HoverLabel hoverLabel() {
        return null;
    }

    @Override
    public boolean showLegend() {
        return false;
    }
}
