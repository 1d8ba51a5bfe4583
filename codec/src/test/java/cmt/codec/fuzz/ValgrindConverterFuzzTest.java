// Fuzzes the converter of the log of valgrind --trace-malloc=yes (ValgrindConverter),
// through Converter.convert on an Input.
package cmt.codec.fuzz;

import cmt.codec.convert.Converter;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** See {@link ConverterFuzzing#check}: a full conversion or a clean error, and a result that reads back strictly. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ValgrindConverterFuzzTest {
    @FuzzTest
    void valgrind(byte[] data) {
        ConverterFuzzing.check(Converter.valgrind(null), data);
    }
}
