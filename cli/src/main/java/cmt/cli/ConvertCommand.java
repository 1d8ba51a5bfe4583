package cmt.cli;

import cmt.codec.Input;
import cmt.codec.Output;
import cmt.codec.Sites;
import cmt.codec.TraceWriter;
import cmt.codec.convert.Converter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What every {@code X2trace} subcommand shares: one input (a path or {@code -}, compressed or not), a
 * trace on stdout or in {@code -o FILE} (legacy CMT if it ends in .cmt, compact in .cmtz; .gz, .xz, .zst
 * compress), and a
 * report of what was normalised on stderr.
 */
abstract class ConvertCommand implements Callable<Integer> {
    /** The help sentence on what -o writes, shared by the commands that write a trace. */
    static final String OUT_FORMATS = "With -o, OUT is legacy CMT if it ends in .cmt, the compact format (addresses "
            + "kept) if in .cmtz, text otherwise; "
            + ".gz, .xz or .zst compress. What was normalised is reported on stderr.";

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "INPUT",
            description = "Recorder output to convert, a path or - for standard input (default: -); "
                    + "gzip, bzip2, xz and zstd are removed.")
    String input;

    @Mixin
    OutputTrace output;

    /** The converter for this command's format, configured from its options. */
    abstract Converter converter();

    @Override
    public Integer call() {
        Converter converter = converter();
        Input in = Input.open(input);
        try (Output o = output.open(input)) {
            String lost;
            try (TraceWriter out = output.writer(o)) {
                converter.convert(in, out::write);
                Sites sites = converter.sites();
                if (!sites.isEmpty()) {
                    out.sites(sites);
                }
                lost = out.lost();
            }
            o.commit();
            TranscodeCommand.reportLost(o.name(), lost);
        }
        System.err.println("cmt: " + in.name() + ": " + converter.report());
        return Defaults.EXIT_OK;
    }
}
