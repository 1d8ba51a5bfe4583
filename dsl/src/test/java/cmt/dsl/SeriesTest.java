package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Downsampled series and page runs against direct computation on random input. */
class SeriesTest {
    @Test
    void bucketsKeepMinMaxAndLast() {
        qt().withExamples(300).forAll(lists().of(longs().between(-1000, 1000)).ofSizeBetween(1, 3000).map(ArrayList::new),
                integers().between(2, 64)).checkAssert(SeriesTest::bucketsKeepMinMaxAndLast);
    }

    private static void bucketsKeepMinMaxAndLast(List<Long> values, int points) {
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

    @Test
    void pageRunsCountDistinctPagesAndRuns() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 300)).ofSizeBetween(0, 60).map(ArrayList::new),
                lists().of(integers().between(0, 20)).ofSizeBetween(0, 60).map(ArrayList::new))
                .checkAssert(SeriesTest::pageRunsCountDistinctPagesAndRuns);
    }

    private static void pageRunsCountDistinctPagesAndRuns(List<Integer> starts, List<Integer> lengths) {
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
