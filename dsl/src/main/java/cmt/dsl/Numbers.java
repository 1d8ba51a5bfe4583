package cmt.dsl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How cmt writes a number for a person to read, in the report and in notebooks: the one number style of
 * every HTML table.
 *
 * <ul>
 *   <li>an integral value exactly, grouped in thousands: {@code 9,625,147};
 *   <li>any other value of 1,000 or more, in magnitude, rounded to an integer: {@code 123,457};
 *   <li>a smaller one to {@value #DIGITS} significant digits, never with an exponent: {@code 19.56},
 *       {@code 0.1235}, {@code 0.0001235};
 *   <li>negative numbers likewise, with a leading {@code -} (zero has no sign);
 *   <li>not a number (tablesaw's missing double) as nothing, infinity as {@code ∞}.
 * </ul>
 *
 * <p>Rounding is half away from zero and applies to the number as Java prints it ({@link Double#toString}),
 * so 0.00012345 reads 0.0001235 as a person expects, although the double nearest to it is a little less.
 */
public final class Numbers {
    /** Significant digits of a value below 1,000 that is not integral. */
    public static final int DIGITS = 4;
    private static final MathContext SIGNIFICANT = new MathContext(DIGITS, RoundingMode.HALF_UP);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Numbers() {
    }

    /** An integer, grouped in thousands: {@code 1,234,567}. */
    public static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** An unsigned 64-bit integer (a size, a byte count), grouped in thousands: {@code 18,446,744,073,709,551,615}. */
    public static String formatUnsigned(long n) {
        return n >= 0 ? format(n) : grouped(new BigDecimal(Long.toUnsignedString(n)));
    }

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /**
     * A byte count in binary units, for axes and labels where a person compares magnitudes: below 1 KiB
     * exactly ({@code 0 B}, {@code 1,000 B}... {@code 1,023 B}), else in the largest unit it reaches, to 3
     * significant digits below 100 of it and to the unit above that, trailing zeros dropped: {@code 1 KiB},
     * {@code 1.5 KiB}, {@code 1020 KiB}, {@code 1 MiB} for 2^20 - 1, {@code 128 TiB} for 2^47 - 1. Unsigned,
     * up to {@code 16 EiB} for 2^64 - 1.
     */
    public static String bytes(long n) {
        if (n >= 0 && n < 1024) {
            return format(n) + " B";
        }
        double v = n >= 0 ? n : (n >>> 1) * 2.0;
        int unit = 0;
        while (v >= 1024 && unit < BINARY.length - 1) {
            v /= 1024;
            unit++;
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal rounded = v >= 100 ? exact.setScale(0, RoundingMode.HALF_UP) : exact.round(new MathContext(3, RoundingMode.HALF_UP));
        if (rounded.compareTo(BigDecimal.valueOf(1024)) >= 0 && unit < BINARY.length - 1) {
            rounded = BigDecimal.ONE;
            unit++;
        }
        return rounded.stripTrailingZeros().toPlainString() + " " + BINARY[unit];
    }

    /** Any number in the style above; null (a missing value) is empty. */
    public static String format(Number n) {
        if (n == null) {
            return "";
        }
        if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            if (Double.isNaN(x)) {
                return "";
            }
            if (Double.isInfinite(x)) {
                return x > 0 ? "\u221e" : "-\u221e";
            }
        }
        BigDecimal decimal;
        try {
            decimal = n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            // A Number type of someone else's whose text is not a decimal: its own text is the best reading.
            return n.toString();
        }
        return grouped(rounded(decimal));
    }

    private static BigDecimal rounded(BigDecimal x) {
        if (x.signum() == 0 || x.stripTrailingZeros().scale() <= 0) {
            return x;
        }
        return x.abs().compareTo(THOUSAND) >= 0 ? x.setScale(0, RoundingMode.HALF_UP) : x.round(SIGNIFICANT);
    }

    private static String grouped(BigDecimal x) {
        BigDecimal plain = x.stripTrailingZeros();
        return String.format(Locale.ROOT, "%,." + Math.max(0, plain.scale()) + "f", plain);
    }
}
