package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.dsl.Compression;
import cmt.dsl.Encoding;
import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 10: what a trace costs on disk in each format.
 *
 * <p>{@code encoding()} writes the view in every format of {@code Encoding.ALL} (text, tagged text, legacy
 * CMT, and any format added there) without storing anything, under the cheap compressors (none and
 * zstd); {@code encoding(Compression.values())} adds gzip, xz and bzip2, which take longer.
 */
public class Sample10_Encoding {
    static final String TRACE = "malloc(64) = 1000\nmalloc(64) = 2000\nfree(1000)\nfree(2000)\n".repeat(1000);

    public static void main(String[] args) {
        System.out.println(Trace.of(TRACE).encoding(Compression.values()).printAll());
    }

    @Test
    void bytesPerEvent() {
        Table e = Trace.of(TRACE).encoding(Compression.NONE);
        assertEquals(Encoding.ALL.size(), e.rowCount());
        // legacy CMT: malloc(64) is 3 bytes, a free 2: 2.5 bytes per event
        assertEquals(2.5, e.doubleColumn("bytes per event").get(2));
        Table compressed = Trace.of(TRACE).encoding();
        // rows: each format under none and zstd; the last is legacy CMT under zstd
        double zstd = compressed.doubleColumn("bytes per event").get(5);
        assertTrue(zstd < 0.5, "a repeating trace compresses: " + zstd);
    }
}
