// Fuzzes the compact container (CompactParser) with packed blocks (PackedDecoder: zstd frames of byte
// streams, freed-address lists), with checksums and block numbering repaired so that mutations reach them.
package cmt.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any compact file of packed blocks either reads fully or fails with a clean {@code TraceException}; what
 * reads, re-encodes (packed, addresses kept or not as the file says) and reads back to the same events.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CompactPackedFuzzTest {
    @FuzzTest
    void packed(byte[] data) {
        CompactFuzzing.check(CompactRepair.repair(data, true), true);
    }
}
