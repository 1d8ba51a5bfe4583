// Fuzzes the compact container (CompactParser) with modelled blocks (ModelledDecoder: runs, range coder,
// event model), versions 1 to 4, with checksums and block numbering repaired so that mutations reach them.
package cmt.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any compact file of modelled blocks either reads fully or fails with a clean {@code TraceException};
 * what reads, re-encodes (modelled, addresses kept or not as the file says) and reads back to the same events.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CompactModelledFuzzTest {
    @FuzzTest
    void modelled(byte[] data) {
        CompactFuzzing.check(CompactRepair.repair(data, false), false);
    }
}
