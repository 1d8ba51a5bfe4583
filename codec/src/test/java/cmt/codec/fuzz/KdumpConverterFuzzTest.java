// Fuzzes the converter of FreeBSD kdump output of jemalloc's utrace records (KdumpConverter),
// through Converter.convert on an Input.
package cmt.codec.fuzz;

import cmt.codec.convert.Converter;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** See {@link ConverterFuzzing#check}: a full conversion or a clean error, and a result that reads back strictly. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class KdumpConverterFuzzTest {
    @FuzzTest
    void kdump(byte[] data) {
        ConverterFuzzing.check(Converter.kdump(null), data);
    }
}
