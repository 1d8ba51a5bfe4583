package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import tech.tablesaw.api.Table;

/** Downsampled series and page runs against direct computation on random input. */
class SeriesTest {
    @Property(tries = 300)
    void bucketsKeepMinMaxAndLast(@ForAll @Size(min = 1, max = 3000) List<@LongRange(min = -1000, max = 1000) Long> values,
            @ForAll @IntRange(min = 2, max = 64) int points) {
        Series s = new Series(points, "v");
        for (int i = 0; i < values.size(); i++) {
            s.add(100 + i, values.get(i), 0);
        }
        Table t = s.table("v");
        int rows = t.rowCount();
        assertTrue(rows <= points, rows + " rows for " + points + " points");
        assertTrue(rows >= Math.min(values.size(), points / 2), rows + " rows for " + values.size() + " values");
        long width = t.longColumn("last event").getLong(0) - t.longColumn("first event").getLong(0) + 1;
        assertEquals(1, Long.bitCount(width));
        long expectedFirst = 100;
        for (int r = 0; r < rows; r++) {
            int from = (int) t.longColumn("first event").getLong(r);
            int to = (int) t.longColumn("last event").getLong(r);
            assertEquals(expectedFirst, from);
            if (r < rows - 1) {
                assertEquals(width, to - from + 1, "bucket " + r);
            }
            List<Long> in = values.subList(from - 100, to - 100 + 1);
            assertEquals(in.stream().mapToLong(Long::longValue).min().getAsLong(), t.longColumn("v min").getLong(r));
            assertEquals(in.stream().mapToLong(Long::longValue).max().getAsLong(), t.longColumn("v max").getLong(r));
            assertEquals(in.get(in.size() - 1), t.longColumn("v last").getLong(r));
            expectedFirst = to + 1;
        }
        assertEquals(100 + values.size(), expectedFirst);
    }

    @Property(tries = 300)
    void pageRunsCountDistinctPagesAndRuns(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 300) Integer> starts,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 20) Integer> lengths) {
        PageRuns runs = new PageRuns();
        TreeSet<Long> pages = new TreeSet<>();
        for (int i = 0; i < Math.min(starts.size(), lengths.size()); i++) {
            long first = starts.get(i);
            long last = first + lengths.get(i);
            runs.add(first, last);
            for (long p = first; p <= last; p++) {
                pages.add(p);
            }
            assertEquals(pages.size(), runs.pages());
            int separate = 0;
            Long previous = null;
            for (long p : pages) {
                if (previous == null || p != previous + 1) {
                    separate++;
                }
                previous = p;
            }
            assertEquals(separate, runs.runs());
        }
    }
}
