package cmt.dsl;

import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * A time series of one or two quantities over events, kept at a bounded number of points however long
 * the trace: consecutive events share a bucket, and each bucket keeps the minimum, the maximum and the
 * last value of each quantity, so peaks survive any amount of downsampling.
 *
 * <p>Buckets start one event wide; when {@code points} buckets are full, neighbouring pairs merge and the
 * width doubles. A view of {@code n} events therefore ends with between {@code points / 2} and
 * {@code points} buckets (fewer only if {@code n} is smaller), each of the same width, a power of two,
 * except the last, which may be partly filled. Memory is {@code 8 * points} longs whatever {@code n} is.
 */
final class Series {
    private final String[] names;
    private final int capacity;
    private final long[] first;
    private final long[] last;
    private final long[] min0;
    private final long[] max0;
    private final long[] end0;
    private final long[] min1;
    private final long[] max1;
    private final long[] end1;
    private long width = 1;
    private int n;
    private long count;
    private long openFirst;
    private long openLast;
    private long openMin0;
    private long openMax0;
    private long openEnd0;
    private long openMin1;
    private long openMax1;
    private long openEnd1;

    /** A series of the quantities {@code names} (one or two) kept at most at {@code points} points. */
    Series(int points, String... names) {
        if (points < 2) {
            throw new IllegalArgumentException("a series needs at least 2 points: " + points);
        }
        this.names = names;
        this.capacity = points & ~1;
        first = new long[capacity];
        last = new long[capacity];
        min0 = new long[capacity];
        max0 = new long[capacity];
        end0 = new long[capacity];
        min1 = new long[capacity];
        max1 = new long[capacity];
        end1 = new long[capacity];
    }

    /** The values after event {@code index}; a series of one quantity ignores {@code v1}. */
    void add(long index, long v0, long v1) {
        if (count == 0) {
            openFirst = index;
            openMin0 = openMax0 = v0;
            openMin1 = openMax1 = v1;
        } else {
            openMin0 = Math.min(openMin0, v0);
            openMax0 = Math.max(openMax0, v0);
            openMin1 = Math.min(openMin1, v1);
            openMax1 = Math.max(openMax1, v1);
        }
        openLast = index;
        openEnd0 = v0;
        openEnd1 = v1;
        if (++count == width) {
            close();
        }
    }

    private void close() {
        first[n] = openFirst;
        last[n] = openLast;
        min0[n] = openMin0;
        max0[n] = openMax0;
        end0[n] = openEnd0;
        min1[n] = openMin1;
        max1[n] = openMax1;
        end1[n] = openEnd1;
        n++;
        count = 0;
        if (n == capacity) {
            halve();
        }
    }

    private void halve() {
        for (int i = 0; i < n / 2; i++) {
            int a = 2 * i;
            int b = a + 1;
            first[i] = first[a];
            last[i] = last[b];
            min0[i] = Math.min(min0[a], min0[b]);
            max0[i] = Math.max(max0[a], max0[b]);
            end0[i] = end0[b];
            min1[i] = Math.min(min1[a], min1[b]);
            max1[i] = Math.max(max1[a], max1[b]);
            end1[i] = end1[b];
        }
        n /= 2;
        width *= 2;
    }

    /**
     * The buckets as a table: {@code first event}, {@code last event}, then for each quantity Q
     * {@code Q min}, {@code Q max} and {@code Q last} (the value after the bucket's last event).
     */
    Table table(String name) {
        int rows = n + (count > 0 ? 1 : 0);
        LongColumn f = LongColumn.create("first event");
        LongColumn l = LongColumn.create("last event");
        LongColumn[] cols = new LongColumn[3 * names.length];
        for (int q = 0; q < names.length; q++) {
            cols[3 * q] = LongColumn.create(names[q] + " min");
            cols[3 * q + 1] = LongColumn.create(names[q] + " max");
            cols[3 * q + 2] = LongColumn.create(names[q] + " last");
        }
        for (int i = 0; i < rows; i++) {
            boolean open = i == n;
            f.append(open ? openFirst : first[i]);
            l.append(open ? openLast : last[i]);
            cols[0].append(open ? openMin0 : min0[i]);
            cols[1].append(open ? openMax0 : max0[i]);
            cols[2].append(open ? openEnd0 : end0[i]);
            if (names.length > 1) {
                cols[3].append(open ? openMin1 : min1[i]);
                cols[4].append(open ? openMax1 : max1[i]);
                cols[5].append(open ? openEnd1 : end1[i]);
            }
        }
        return Table.create(name, f, l).addColumns(cols);
    }
}
