package cmt.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tree of call stacks behind a flame graph: each site's stack (innermost frame first, as the sites
 * table writes it) is walked from its outermost frame, and every node totals the measure of the sites
 * below it. Nodes below 1/1000 of the root are pruned, with their subtrees.
 */
final class Flame {
    private static final double PRUNE = 1e-3;

    private static final class Node {
        final int id;
        final int parent;
        final String label;
        double value;
        final Map<String, Node> children = new HashMap<>();

        Node(int id, int parent, String label) {
            this.id = id;
            this.parent = parent;
            this.label = label;
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final String measure;

    Flame(Table sites, String measure) {
        this.measure = measure;
        StringColumn stacks = (StringColumn) sites.columns().stream().filter(c -> c instanceof StringColumn)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("a flame graph needs a sites table"));
        NumericColumn<?> values = (NumericColumn<?>) sites.column(measure);
        Node root = node(-1, "all");
        for (int r = 0; r < sites.rowCount(); r++) {
            double v = values.isMissing(r) ? 0 : values.getDouble(r);
            String[] frames = stacks.get(r).split(By.ARROW);
            root.value += v;
            Node at = root;
            for (int i = frames.length - 1; i >= 0; i--) {
                Node parent = at;
                at = parent.children.get(frames[i]);
                if (at == null) {
                    at = node(parent.id, frames[i]);
                    parent.children.put(frames[i], at);
                }
                at.value += v;
            }
        }
    }

    private Node node(int parent, String label) {
        Node n = new Node(nodes.size(), parent, label);
        nodes.add(n);
        return n;
    }

    /** The tree as an icicle, parents before children. */
    IcicleTrace trace() {
        double total = nodes.getFirst().value;
        boolean[] kept = new boolean[nodes.size()];
        List<Node> shown = new ArrayList<>();
        for (Node n : nodes) {
            // Nodes were made parent first, so a parent's verdict is known before its children's.
            kept[n.id] = n.parent < 0 || (kept[n.parent] && n.value >= PRUNE * total && n.value > 0);
            if (kept[n.id]) {
                shown.add(n);
            }
        }
        int k = shown.size();
        String[] ids = new String[k];
        String[] labels = new String[k];
        String[] parents = new String[k];
        double[] values = new double[k];
        String[] hover = new String[k];
        for (int i = 0; i < k; i++) {
            Node n = shown.get(i);
            ids[i] = "n" + n.id;
            labels[i] = Charts.shorten(n.label, 60);
            parents[i] = n.parent < 0 ? "" : "n" + n.parent;
            values[i] = n.value;
            hover[i] = Html.escape(n.label) + "<br>" + Numbers.format(n.value) + " " + measure
                    + (total > 0 ? String.format(java.util.Locale.ROOT, " (%.1f%%)", 100 * n.value / total) : "");
        }
        return new IcicleTrace("call stacks", ids, labels, parents, values, hover);
    }
}
