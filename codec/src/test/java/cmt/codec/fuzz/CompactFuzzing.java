// The check both compact fuzz tests make of a repaired compact file: read it, and re-encode what it holds.
package cmt.codec.fuzz;

import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.WriteOptions;

/** Reads a compact file strictly; what reads must say how it was written and survive a rewrite in the same coding. */
final class CompactFuzzing {
    private CompactFuzzing() {
    }

    static void check(byte[] file, boolean packed) {
        Harness.Read read = Harness.read(file, Leniency.STRICT);
        if (!read.ok()) {
            return;
        }
        Harness.expect(read.format() == Format.COMPACT, "read as " + read.format());
        WriteOptions header = read.options().orElseThrow(() -> new AssertionError("a compact file without options"));
        WriteOptions.Coding wrong = packed ? WriteOptions.Coding.MODELLED : WriteOptions.Coding.PACKED;
        Harness.expect(header.coding() != wrong, header.coding() + " read from a file written " + (packed ? "packed" : "modelled"));
        WriteOptions again = WriteOptions.DEFAULT.withAddresses(header.addresses())
                .withCoding(packed ? WriteOptions.Coding.PACKED : WriteOptions.Coding.MODELLED)
                .withBlockEvents(1 + Math.floorMod(read.events().size(), 97));
        Harness.roundTrip(read.events(), Format.COMPACT, again, packed ? "packed" : "modelled");
    }
}
