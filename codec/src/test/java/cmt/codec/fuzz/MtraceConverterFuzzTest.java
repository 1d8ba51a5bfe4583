// Fuzzes the converter of glibc's mtrace log (MtraceConverter),
// through Converter.convert on an Input, and its site table.
package cmt.codec.fuzz;

import cmt.codec.convert.Converter;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * See {@link ConverterFuzzing#checkWithSites}: a full conversion or a clean error, a result that reads back
 * strictly, and a site table that defines every site the events name.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MtraceConverterFuzzTest {
    @FuzzTest
    void mtrace(byte[] data) {
        ConverterFuzzing.checkWithSites(Converter.mtrace(null, null), data);
    }
}
