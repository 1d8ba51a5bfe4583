// Fuzzes the text trace reader (TextParser and the Resolver behind TraceReader), strictly and leniently.
package cmt.codec.fuzz;

import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.WriteOptions;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any input that {@code TraceReader} takes for text either reads fully or fails with a clean
 * {@code TraceException}, in both modes. What the strict reader accepts, the lenient one reads the same
 * with nothing repaired, and its tagged rewrite reads back to the same events; what the lenient reader
 * makes of any input is a trace the strict reader accepts.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TextReaderFuzzTest {
    @FuzzTest
    void text(byte[] data) {
        if (Harness.detect(data) != Format.TEXT || Harness.compressed(data)) {
            return;
        }
        Harness.Read strict = Harness.read(data, Leniency.STRICT);
        Harness.Read lenient = Harness.read(data, Leniency.LENIENT);
        if (strict.ok()) {
            Harness.expect(strict.format() == Format.TEXT, "read as " + strict.format());
            Harness.expect(lenient.ok(), "strict reads it, lenient fails: " + (lenient.ok() ? "" : lenient.error().getMessage()));
            Harness.same(strict.events(), lenient.events(), "lenient against strict");
            Harness.expect(lenient.repairs() == 0, "lenient repaired " + lenient.repairs() + " events of a strict trace");
            Harness.roundTrip(strict.events(), Format.TEXT, WriteOptions.DEFAULT, "strict");
        }
        if (lenient.ok()) {
            Harness.roundTrip(lenient.events(), Format.TEXT, WriteOptions.DEFAULT, "lenient");
        }
    }
}
