package cmt.cli;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cmt cmt2trace}: any trace (typically legacy CMT) back to text. */
@Command(name = "cmt2trace", mixinStandardHelpOptions = true,
        description = {"Decode a trace (typically legacy CMT) to the tagged text form. Legacy CMT holds no "
                + "addresses: the decoded trace gets synthetic ones, laid out as a bump allocator would "
                + "(each block 16-byte aligned right after the previous one, from 0x10000), unique for every "
                + "block ever allocated.",
                "", "Example:", "  cmt cmt2trace ls.cmt > ls.trace"})
final class Cmt2TraceCommand extends TranscodeCommand {
    @Option(names = "--plain", description = "Write the plain form (0x pointers, no tags).")
    boolean plain;

    @Override
    TraceWriter writer(OutputStream stream, String name) {
        return TraceWriter.open(stream, name, Format.TEXT, WriteOptions.DEFAULT.withTagged(!plain));
    }
}
