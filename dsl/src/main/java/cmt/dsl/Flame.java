package cmt.dsl;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tree of call stacks behind a flame graph: each site's stack (innermost frame first, as the sites
 * table writes it) is walked from its outermost frame, and every node totals the measure of the sites
 * below it. Nodes below 1/1000 of the root are pruned, with their subtrees, so that a big program's graph
 * stays a few thousand bars.
 */
final class Flame {
    private static final double PRUNE = 1e-3;
    private static final double LABEL = 0.03;

    private static final class Node {
        final int id;
        final int parent;
        final String label;
        double value;
        final Map<String, Node> children = new LinkedHashMap<>();

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

    /** The tree laid out as bars: each kept node after its parent, children widest first from the left. */
    FlameTrace trace() {
        Node root = nodes.getFirst();
        double total = root.value;
        List<Node> shown = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        Deque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {root, 0.0, 0});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Node n = (Node) next[0];
            double at = (Double) next[1];
            int depth = (Integer) next[2];
            shown.add(n);
            starts.add(at);
            depths.add(depth);
            List<Node> children = new ArrayList<>(n.children.values());
            children.sort(Comparator.comparingDouble((Node c) -> -c.value).thenComparing(c -> c.label));
            double x = at;
            List<Object[]> kept = new ArrayList<>();
            for (Node c : children) {
                if (c.value > 0 && c.value >= PRUNE * total) {
                    kept.add(new Object[] {c, x, depth + 1});
                }
                x += c.value;
            }
            for (int i = kept.size() - 1; i >= 0; i--) {
                todo.push(kept.get(i));
            }
        }
        int k = shown.size();
        double[] start = new double[k];
        double[] width = new double[k];
        int[] depth = new int[k];
        String[] labels = new String[k];
        String[] hover = new String[k];
        String[] colors = new String[k];
        for (int i = 0; i < k; i++) {
            Node n = shown.get(i);
            start[i] = starts.get(i);
            width[i] = n.value;
            depth[i] = depths.get(i);
            // A label fits in a bar of a few percent of the width or more; narrower bars have only the hover text.
            labels[i] = n.value >= LABEL * total ? Charts.shorten(n.label, (int) (200 * n.value / total)) : "";
            hover[i] = Html.escape(n.label) + "<br>" + Numbers.format(n.value) + " " + measure
                    + (total > 0 ? String.format(java.util.Locale.ROOT, " (%.1f%%)", 100 * n.value / total) : "");
            colors[i] = color(n.label);
        }
        return new FlameTrace("call stacks", start, width, depth, labels, hover, colors);
    }

    /** Warm colours, the same for the same frame wherever it appears, as flame graphs have them. */
    private static String color(String label) {
        int h = label.hashCode();
        return String.format(java.util.Locale.ROOT, "hsl(%d,%d%%,%d%%)", 10 + Math.floorMod(h, 40),
                70 + Math.floorMod(h >> 8, 20), 55 + Math.floorMod(h >> 16, 15));
    }
}
