// Fuzzes TraceReader.open on arbitrary bytes: decompression by magic number (Input), format detection, and
// whichever reader the content selects, strictly and leniently.
package cmt.codec.fuzz;

import cmt.codec.Leniency;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Whatever the bytes, opening and reading them ends fully or in a clean {@code TraceException}, in both modes. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FormatDetectionFuzzTest {
    @FuzzTest
    void detect(byte[] data) {
        Harness.Read strict = Harness.read(data, Leniency.STRICT);
        Harness.Read lenient = Harness.read(data, Leniency.LENIENT);
        if (strict.ok()) {
            Harness.expect(lenient.ok(), "strict reads it, lenient fails: " + (lenient.ok() ? "" : lenient.error().getMessage()));
            Harness.expect(strict.format() == lenient.format(), "strict reads " + strict.format() + ", lenient " + lenient.format());
            Harness.same(strict.events(), lenient.events(), "lenient against strict");
        }
    }
}
