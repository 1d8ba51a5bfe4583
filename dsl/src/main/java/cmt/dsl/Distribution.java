package cmt.dsl;

import org.HdrHistogram.Histogram;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * A distribution of non-negative values (block sizes, lifetimes) kept two ways: exact counts in
 * power-of-two buckets, which the tables show, and an HdrHistogram for percentiles.
 *
 * <p>Bucket 0 holds the value 0 and bucket {@code b >= 1} holds {@code [2^(b-1), 2^b - 1]}: sizes 16 to
 * 31 share a bucket, 32 to 63 the next. Percentile {@code p} is by nearest rank, the {@code k}-th
 * smallest value with {@code k = ceil(p / 100 * count)}, to HdrHistogram's 3 significant digits: exact
 * below 2048, and above that rounded down to a multiple of at most 1/1024 of the value (so sizes that are
 * multiples of a power of two, the usual case, come out exact); the minimum and maximum are exact.
 * Unsigned values of 2^63 or more are counted as {@code Long.MAX_VALUE}.
 */
final class Distribution {
    private static final int BUCKETS = 64;

    private final long[] count = new long[BUCKETS];
    private final long[] sum = new long[BUCKETS];
    private final Histogram hdr = new Histogram(3);
    private long n;
    private long min = Long.MAX_VALUE;
    private long max;

    void record(long v) {
        if (v < 0) {
            v = Long.MAX_VALUE;
        }
        int b = 64 - Long.numberOfLeadingZeros(v);
        count[b]++;
        sum[b] += v;
        n++;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
        hdr.recordValue(v);
    }

    long count() {
        return n;
    }

    long max() {
        return max;
    }

    /** The value at percentile {@code p} (0 to 100); 0 when empty. */
    long percentile(double p) {
        if (n == 0) {
            return 0;
        }
        if (p <= 0) {
            return min;
        }
        long v = hdr.lowestEquivalentValue(hdr.getValueAtPercentile(p));
        return Math.max(min, Math.min(max, v));
    }

    /**
     * The buckets from the lowest to the highest non-empty one: {@code from (unit)}, {@code to (unit)},
     * {@code blocks}, optionally the values' {@code total} ({@code "bytes"} for sizes), and the
     * {@code cumulative fraction} of blocks up to and including the bucket.
     */
    Table table(String name, String unit, String total) {
        LongColumn from = LongColumn.create("from (" + unit + ")");
        LongColumn to = LongColumn.create("to (" + unit + ")");
        LongColumn blocks = LongColumn.create("blocks");
        LongColumn sums = total == null ? null : LongColumn.create(total);
        DoubleColumn cumulative = DoubleColumn.create("cumulative fraction");
        int lo = 0;
        int hi = BUCKETS - 1;
        while (lo < BUCKETS && count[lo] == 0) {
            lo++;
        }
        while (hi >= 0 && count[hi] == 0) {
            hi--;
        }
        long seen = 0;
        for (int b = lo; b <= hi; b++) {
            seen += count[b];
            from.append(b == 0 ? 0 : 1L << (b - 1));
            to.append(b == 0 ? 0 : b == 63 ? Long.MAX_VALUE : (1L << b) - 1);
            blocks.append(count[b]);
            if (sums != null) {
                sums.append(sum[b]);
            }
            cumulative.append((double) seen / n);
        }
        Table t = Table.create(name, from, to, blocks);
        if (sums != null) {
            t.addColumns(sums);
        }
        return t.addColumns(cumulative);
    }
}
