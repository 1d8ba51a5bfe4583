package cmt.cli;

import cmt.codec.TraceReader;
import cmt.dsl.Trace;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The input of the analysis subcommands: one trace, opened as a {@link Trace} with the input options. */
public final class TraceOptions {
    @Parameters(index = "0", paramLabel = "IN", description = "Trace: text (plain or tagged) or legacy CMT, "
            + "optionally gzip/bzip2/xz/zstd compressed; - for standard input.")
    String input;

    @Mixin
    InputOptions in;

    /** The trace, read with the leniency and progress asked for. */
    public Trace open() {
        Trace t = Trace.open(input).leniency(in.leniency());
        TraceReader.ProgressListener p = in.progress(t.name());
        return p == null ? t : t.onProgress(p);
    }

    /** Prints what a lenient read changed, if anything, on stderr. */
    public void reportRepairs(Trace t) {
        in.reportRepairs(t.name(), t.repairs());
    }
}
