// Fuzzes the converter of CHERI dtrace allocation logs, both layouts (DtraceLogConverter),
// through Converter.convert on an Input, then Converter.sites.
package cmt.codec.fuzz;

import cmt.codec.convert.Converter;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * See {@link ConverterFuzzing#checkWithSites}: a full conversion or a clean error, a result that reads back
 * strictly, and frames for every site the events name.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DtraceConverterFuzzTest {
    @FuzzTest
    void dtrace(byte[] data) {
        ConverterFuzzing.checkWithSites(Converter.dtrace(), data);
    }
}
