// Fuzzes the legacy CMT reader (LegacyCmtParser and the tag-keyed Resolver behind TraceReader).
package cmt.codec.fuzz;

import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.WriteOptions;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any input that {@code TraceReader} takes for legacy CMT either reads fully or fails with a clean
 * {@code TraceException}, in both modes. What the strict reader accepts, the lenient one reads the same, and
 * it re-encodes as legacy CMT to the same events; the lenient reader's events re-encode to a file the strict
 * reader accepts.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LegacyReaderFuzzTest {
    @FuzzTest
    void legacy(byte[] data) {
        if (Harness.detect(data) != Format.LEGACY_CMT || Harness.compressed(data)) {
            return;
        }
        Harness.Read strict = Harness.read(data, Leniency.STRICT);
        Harness.Read lenient = Harness.read(data, Leniency.LENIENT);
        if (strict.ok()) {
            Harness.expect(strict.format() == Format.LEGACY_CMT, "read as " + strict.format());
            Harness.expect(lenient.ok(), "strict reads it, lenient fails: " + (lenient.ok() ? "" : lenient.error().getMessage()));
            Harness.same(strict.events(), lenient.events(), "lenient against strict");
            Harness.expect(lenient.repairs() == 0, "lenient repaired " + lenient.repairs() + " events of a strict trace");
            if (!strict.events().isEmpty()) {
                Harness.roundTrip(strict.events(), Format.LEGACY_CMT, WriteOptions.DEFAULT, "strict");
            }
        }
        if (lenient.ok() && !lenient.events().isEmpty()) {
            Harness.roundTrip(lenient.events(), Format.LEGACY_CMT, WriteOptions.DEFAULT, "lenient");
        }
    }
}
