package cmt.kernel;

import cmt.dsl.Report;
import java.util.Locale;

/** The few HTML pieces the renderers share: escaping, number formatting and the common style. */
final class Html {
    /**
     * Styles every cmt output uses. Jupyter's own table styles are kept (they follow the front end's
     * theme); only alignment and the caption are set.
     */
    static final String STYLE = "<style>.cmt td.num,.cmt th.num{text-align:right;font-variant-numeric:tabular-nums}"
            + ".cmt caption{caption-side:top;text-align:left;white-space:nowrap;font-weight:bold;padding-bottom:0.3em}"
            + ".cmt tr.cmt-gap td{text-align:center;color:#888}</style>";

    private Html() {
    }

    /** Text made safe for element content and quoted attribute values. */
    static String escape(String s) {
        return Report.escape(s);
    }

    /** An integer with thousands separators: 1,234,567. */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A number as a person reads it: integers grouped, fractions to four significant digits. */
    static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return number((long) d);
            }
            return String.format(Locale.ROOT, "%.4g", d);
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return number(n.longValue());
        }
        return n.toString();
    }
}
