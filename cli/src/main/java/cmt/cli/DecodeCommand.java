package cmt.cli;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmt decode}: writes any trace as text. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        description = {"Decode a trace in any format (compact, legacy CMT, text; possibly compressed) to text.",
            "A compact file written without --keep-addresses, and every legacy CMT file, gets synthetic "
                    + "addresses: each block 16-byte aligned right after the previous one."},
        footer = {"", "Examples:",
            "  cmt decode ls.cmtz | head",
            "  cmt decode --tagged ls.cmtz -o ls.trace",
            "  cmt decode old.cmt -o old.trace"})
final class DecodeCommand extends TranscodeCommand {
    @Option(names = "--tagged", description = "Write the tagged form, e.g. malloc(8) = 10<1>, instead of malloc(8) = 0x10.")
    boolean tagged;

    @Override
    TraceWriter writer(OutputStream stream, String name) {
        return TraceWriter.open(stream, name, Format.TEXT, WriteOptions.DEFAULT.withTagged(tagged));
    }
}
