package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Golden values of the one number style: each input and exactly how it reads. */
class NumbersTest {
    private record Row(Number in, String out) {
    }

    private static Row row(Number in, String out) {
        return new Row(in, out);
    }

    private static final List<Row> GOLDEN = List.of(
            // integers: exactly, grouped
            row(0L, "0"),
            row(7, "7"),
            row(999L, "999"),
            row(1000L, "1,000"),
            row(9_625_147L, "9,625,147"),
            row(-9_625_147L, "-9,625,147"),
            row(Long.MAX_VALUE, "9,223,372,036,854,775,807"),
            row(Long.MIN_VALUE, "-9,223,372,036,854,775,808"),
            // a long is signed: tablesaw has no unsigned column, so 2^64-1 in a LongColumn reads -1
            row(-1L, "-1"),
            row(new BigInteger(Long.toUnsignedString(-1L)), "18,446,744,073,709,551,615"),
            row(new AtomicLong(1_234_567), "1,234,567"),
            // integral doubles: exactly, as Java prints them
            row(9_625_147.0, "9,625,147"),
            row(1000.0, "1,000"),
            row(1e15, "1,000,000,000,000,000"),
            row((double) Long.MAX_VALUE, "9,223,372,036,854,776,000"),
            row(1e20, "100,000,000,000,000,000,000"),
            row(-4096.0, "-4,096"),
            // 1,000 or more: rounded to an integer, half away from zero
            row(123_456.7, "123,457"),
            row(-123_456.7, "-123,457"),
            row(1000.4, "1,000"),
            row(1234.5, "1,235"),
            row(-1234.5, "-1,235"),
            row(new BigDecimal("1234.5678"), "1,235"),
            // below 1,000: four significant digits, no exponent; rounding up to 1,000 groups it
            row(999.95, "1,000"),
            row(-999.95, "-1,000"),
            row(999.94, "999.9"),
            row(19.5625, "19.56"),
            row(19.565, "19.57"),
            row(2.0 / 3, "0.6667"),
            row(0.5, "0.5"),
            row(-0.5, "-0.5"),
            row(0.123456, "0.1235"),
            row(0.00012345, "0.0001235"),
            row(1e-9, "0.000000001"),
            row(-1.23456e-9, "-0.000000001235"),
            row(0.1f, "0.1"),
            // zero has no sign; missing and infinite values
            row(0.0, "0"),
            row(-0.0, "0"),
            row(Double.NaN, ""),
            row(Float.NaN, ""),
            row(null, ""),
            row(Double.POSITIVE_INFINITY, "\u221e"),
            row(Double.NEGATIVE_INFINITY, "-\u221e"));

    @Test
    void everyGoldenValueReadsExactlyAsWritten() {
        assertAll(GOLDEN.stream().map(r -> () -> assertEquals(r.out(), Numbers.format(r.in()),
                r.in() + (r.in() == null ? "" : " (" + r.in().getClass().getSimpleName() + ")"))));
    }

    @Test
    void aLongReadsAsTheSameLongBoxed() {
        for (long n : new long[] {0, 1, -1, 999, 1000, 65_536, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(Numbers.format((Number) n), Numbers.format(n));
        }
    }

    @Test
    void byteCountsReadInBinaryUnits() {
        long[] in = {0, 1, 1023, 1024, 1536, 4096, 1_000_000, (1L << 20) - 1, 1L << 20, 1_048_576L * 1020,
            9_625_147, (1L << 30) + (1L << 29), (1L << 46), (1L << 47) - 1, Long.MAX_VALUE, -1L};
        String[] out = {"0 B", "1 B", "1,023 B", "1 KiB", "1.5 KiB", "4 KiB", "977 KiB", "1 MiB", "1 MiB", "1020 MiB",
            "9.18 MiB", "1.5 GiB", "64 TiB", "128 TiB", "8 EiB", "16 EiB"};
        assertAll(java.util.stream.IntStream.range(0, in.length)
                .mapToObj(i -> () -> assertEquals(out[i], Numbers.bytes(in[i]), Long.toUnsignedString(in[i]))));
    }

    @Test
    void bucketLabelsOfBytesAndOfCounts() {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("t",
                tech.tablesaw.api.LongColumn.create("from (bytes)", new long[] {1, 16, 1L << 19, 1L << 46}),
                tech.tablesaw.api.LongColumn.create("to (bytes)", new long[] {1, 31, (1L << 20) - 1, (1L << 47) - 1}),
                tech.tablesaw.api.LongColumn.create("from (events)", new long[] {0, 1000, 1024, 1L << 20}),
                tech.tablesaw.api.LongColumn.create("to (events)", new long[] {0, 1999, 2047, (1L << 21) - 1}));
        assertEquals(List.of("1 B", "16 B\u201331 B", "512 KiB\u20131 MiB", "64 TiB\u2013128 TiB"),
                List.of(Charts.labels(t, "bytes")));
        assertEquals(List.of("0", "1,000\u20131,999", "1,024\u20132,047", "1,048,576\u20132,097,151"),
                List.of(Charts.labels(t, "events")));
    }
}
