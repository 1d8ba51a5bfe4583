package cmt.cli;

import cmt.codec.Event;
import cmt.codec.TextWriter;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
public final class DecodeCommand implements Runnable {
    @Mixin
    InputOptions input;

    @Parameters(index = "0", paramLabel = "IN", description = "Input trace, or - for standard input.")
    String in;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (default: standard output); a name ending in .gz, .xz or .zst compresses it.")
    Path out;

    @Option(names = "--tagged", description = "Write the tagged form, e.g. malloc(8) = 10<1>, instead of malloc(8) = 0x10.")
    boolean tagged;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Override
    public void run() {
        try (TraceReader r = input.open(in)) {
            OutputStream o = out == null
                    ? new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16)
                    : TraceWriter.create(out, force, in);
            try (TextWriter w = new TextWriter(o, out == null ? "<stdout>" : out.toString(), tagged)) {
                Event e = new Event();
                while (r.next(e)) {
                    w.write(e);
                }
            } catch (TraceException ex) {
                // A reader of standard output that stops early (head) is not an error, as for any filter.
                if (out != null || !(ex.getCause() instanceof java.io.IOException)) {
                    throw ex;
                }
                return;
            }
            input.reportRepairs(r);
        }
    }
}
