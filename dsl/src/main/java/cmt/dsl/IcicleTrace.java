package cmt.dsl;

import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * plotly's {@code icicle} trace, which tablesaw-jsplot does not have: a hierarchy drawn as nested
 * rectangles, each node as wide as its value, the flame graph's layout turned on its side. Nodes are given
 * parent first; a parent's value is the total of its subtree ({@code branchvalues: 'total'}).
 */
final class IcicleTrace implements Trace {
    private final String name;
    private final String[] ids;
    private final String[] labels;
    private final String[] parents;
    private final double[] values;
    private final String[] hover;

    IcicleTrace(String name, String[] ids, String[] labels, String[] parents, double[] values, String[] hover) {
        this.name = name;
        this.ids = ids;
        this.labels = labels;
        this.parents = parents;
        this.values = values;
        this.hover = hover;
    }

    @Override
    public String asJavascript(int i) {
        StringBuilder b = new StringBuilder("var trace").append(i).append(" = {type: 'icicle', name: ");
        quote(b, name);
        b.append(", branchvalues: 'total', tiling: {orientation: 'v'}, maxdepth: 12");
        b.append(", hovertemplate: '%{customdata}<extra></extra>', textinfo: 'label'");
        array(b.append(", ids: "), ids);
        array(b.append(", labels: "), labels);
        array(b.append(", parents: "), parents);
        array(b.append(", customdata: "), hover);
        b.append(", values: [");
        for (int k = 0; k < values.length; k++) {
            b.append(k == 0 ? "" : ",").append(values[k]);
        }
        return b.append("]};\n").toString();
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
