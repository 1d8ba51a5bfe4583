package cmt.dsl;

import cmt.codec.Event;
import cmt.codec.Sites;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Would segregating blocks by call site work? Lifetimes fall into classes the user chooses (by default
 * shorter than 1,000 events, shorter than 10^6, longer); an allocator that knew only a block's site would
 * predict the class most of that site's blocks fall in. This probe counts, per site, the blocks of each
 * class, and answers for stack depths 1 to N (the innermost d frames as the site, {@link By#stack}) how
 * often that majority guess is right, against the guess without sites (the majority class of all blocks).
 *
 * <p>A block is classified when it ends in the view; a block still live at the end of the view, never
 * freed as far as the view knows, is in the longest class (a program's blocks that live until it exits are
 * what an allocator most wants kept apart). Memory: one count per site and class, and per live block its
 * site.
 * Counts are kept per recorder site and summed per key at the end, so every depth costs one pass.
 */
final class Predictability implements Probe {
    private final long[] bounds;
    private final int classes;
    private final Long2IntOpenHashMap siteIndex = new Long2IntOpenHashMap();
    private final LongArrayList sites = new LongArrayList();
    private final Long2LongOpenHashMap siteOf = new Long2LongOpenHashMap();
    private long[] counts = new long[64];

    /** Classes {@code [0, bounds[0])}, {@code [bounds[0], bounds[1])}, ..., {@code [bounds[last], ∞)}. */
    Predictability(long... bounds) {
        if (bounds.length == 0) {
            throw new IllegalArgumentException("lifetime classes need at least one bound");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] <= 0 || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("lifetime class bounds must be positive and increasing: "
                        + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.classes = bounds.length + 1;
        siteIndex.defaultReturnValue(-1);
        siteOf.defaultReturnValue(Long.MIN_VALUE);
    }

    @Override
    public void before(Event e) {
        change(e, false);
    }

    @Override
    public void accept(Event e) {
        change(e, true);
    }

    private void change(Event e, boolean inView) {
        if (e.op.releases()) {
            long site = siteOf.remove(e.oldTag);
            if (inView && site != Long.MIN_VALUE) {
                count(site, classOf(e.index - e.oldIndex));
            }
        }
        if (e.op.creates()) {
            siteOf.put(e.tag, e.site);
        }
    }

    @Override
    public void finish() {
        for (Long2LongOpenHashMap.Entry en : siteOf.long2LongEntrySet()) {
            count(en.getLongValue(), classes - 1);
        }
        siteOf.clear();
    }

    private int classOf(long lifetime) {
        int c = 0;
        while (c < bounds.length && lifetime >= bounds[c]) {
            c++;
        }
        return c;
    }

    private void count(long site, int c) {
        int i = siteIndex.get(site);
        if (i < 0) {
            i = sites.size();
            sites.add(site);
            siteIndex.put(site, i);
            if ((i + 1) * classes > counts.length) {
                counts = Arrays.copyOf(counts, Math.max(counts.length * 2, (i + 1) * classes));
            }
        }
        counts[i * classes + c]++;
    }

    /** The class names, e.g. {@code < 1,000}, {@code < 1,000,000}, {@code >= 1,000,000} (events). */
    String[] classNames() {
        String[] names = new String[classes];
        for (int c = 0; c < bounds.length; c++) {
            names[c] = "< " + Numbers.format(bounds[c]);
        }
        names[classes - 1] = ">= " + Numbers.format(bounds[bounds.length - 1]);
        return names;
    }

    /** Class counts per key of {@code by}, keys in order of first appearance. */
    private Map<String, long[]> byKey(By by, Sites table) {
        Map<String, long[]> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < sites.size(); i++) {
            long site = sites.getLong(i);
            String key = site == Event.NONE ? SiteGroups.NO_SITE : by.key(table.frames(site));
            long[] k = m.computeIfAbsent(key, x -> new long[classes]);
            for (int c = 0; c < classes; c++) {
                k[c] += counts[i * classes + c];
            }
        }
        return m;
    }

    /**
     * The {@code predictability} table: one row per depth 1 to {@code maxDepth} and one for whole stacks:
     * {@code depth}, {@code sites} (distinct keys), {@code blocks} classified, {@code right by site}
     * (the fraction whose class is their key's majority class) and {@code right without sites} (the
     * fraction in the overall majority class).
     */
    Table table(int maxDepth, Sites table) {
        StringColumn depth = StringColumn.create("depth");
        IntColumn keys = IntColumn.create("sites");
        LongColumn blocks = LongColumn.create("blocks");
        DoubleColumn right = DoubleColumn.create("right by site (fraction)");
        DoubleColumn baseline = DoubleColumn.create("right without sites (fraction)");
        long[] all = new long[classes];
        for (int i = 0; i < sites.size(); i++) {
            for (int c = 0; c < classes; c++) {
                all[c] += counts[i * classes + c];
            }
        }
        long total = Arrays.stream(all).sum();
        long overall = Arrays.stream(all).max().orElse(0);
        for (int d = 1; d <= maxDepth + 1; d++) {
            Map<String, long[]> m = byKey(d <= maxDepth ? By.stack(d) : By.SITE, table);
            long majority = 0;
            for (long[] k : m.values()) {
                majority += Arrays.stream(k).max().orElse(0);
            }
            depth.append(d <= maxDepth ? Integer.toString(d) : "whole stack");
            keys.append(m.size());
            blocks.append(total);
            right.append(total == 0 ? Double.NaN : (double) majority / total);
            baseline.append(total == 0 ? Double.NaN : (double) overall / total);
        }
        return Table.create("predictability of lifetime classes " + String.join(", ", classNames())
                + " (events)", depth, keys, blocks, right, baseline);
    }

    /**
     * Per site at {@code by}: {@code site} key, {@code blocks} classified, one count column per class,
     * the {@code majority} class and the fraction of the site's blocks in it; sorted by blocks, descending.
     */
    Table bySite(By by, Sites table) {
        Map<String, long[]> m = byKey(by, table);
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(m.entrySet());
        rows.sort((a, b) -> {
            int c = Long.compare(Arrays.stream(b.getValue()).sum(), Arrays.stream(a.getValue()).sum());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        String[] names = classNames();
        StringColumn key = StringColumn.create(by.bySite() ? "stack" : by.toString());
        LongColumn blocks = LongColumn.create("blocks");
        LongColumn[] per = new LongColumn[classes];
        for (int c = 0; c < classes; c++) {
            per[c] = LongColumn.create(names[c] + " (blocks)");
        }
        StringColumn majority = StringColumn.create("majority class");
        DoubleColumn right = DoubleColumn.create("right (fraction)");
        for (Map.Entry<String, long[]> r : rows) {
            long[] k = r.getValue();
            long n = Arrays.stream(k).sum();
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (k[c] > k[best]) {
                    best = c;
                }
            }
            key.append(r.getKey());
            blocks.append(n);
            for (int c = 0; c < classes; c++) {
                per[c].append(k[c]);
            }
            majority.append(names[best]);
            right.append(n == 0 ? Double.NaN : (double) k[best] / n);
        }
        return Table.create(String.format(Locale.ROOT, "predictability by %s", by), key, blocks)
                .addColumns(per).addColumns(majority, right);
    }
}
