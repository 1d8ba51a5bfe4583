// Fuzzes the converter of cmt's own recorder stream (PreloadConverter, RecorderStream),
// through Converter.convert on an Input.
package cmt.codec.fuzz;

import cmt.codec.convert.Converter;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** See {@link ConverterFuzzing#check}: a full conversion or a clean error, and a result that reads back strictly. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PreloadConverterFuzzTest {
    @FuzzTest
    void preload(byte[] data) {
        ConverterFuzzing.check(Converter.preload(null), data);
    }
}
