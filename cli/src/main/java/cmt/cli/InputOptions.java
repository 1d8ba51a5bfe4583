package cmt.cli;

import cmt.codec.Leniency;
import cmt.codec.Repairs;
import cmt.codec.TraceReader;
import picocli.CommandLine.Option;

/** The options every trace-reading subcommand shares: leniency and progress. */
public final class InputOptions {
    @Option(names = "--lenient",
            description = "Rewrite events the original tools rejected (free(NULL), malloc(0), frees of "
                    + "unknown pointers, ...) in the documented way and report counts on stderr, "
                    + "instead of stopping with an error.")
    boolean lenient;

    @Option(names = "--progress", negatable = true,
            description = "Show progress on stderr (default: when stderr is a terminal).")
    Boolean progress;

    /** The leniency asked for. */
    public Leniency leniency() {
        return lenient ? Leniency.LENIENT : Leniency.STRICT;
    }

    /** Opens {@code spec} (a path or "-") with these options. */
    public TraceReader open(String spec) {
        TraceReader r = TraceReader.open(spec, leniency());
        TraceReader.ProgressListener p = progress(r.name());
        if (p != null) {
            r.onProgress(p);
        }
        return r;
    }

    /** The progress display for input {@code name}, or null when progress is not to be shown. */
    public TraceReader.ProgressListener progress(String name) {
        return showProgress() ? new StderrProgress(name) : null;
    }

    /** Prints what a lenient reader changed, if anything, on stderr. */
    public void reportRepairs(TraceReader r) {
        reportRepairs(r.name(), r.repairs());
    }

    /** Prints what a lenient read of {@code name} changed, if anything, on stderr. */
    public void reportRepairs(String name, Repairs repairs) {
        if (repairs != null && repairs.total() > 0) {
            System.err.println("cmt: " + name + ": lenient: " + repairs);
        }
    }

    private boolean showProgress() {
        return progress != null ? progress : stderrIsTerminal();
    }

    /**
     * True if stderr is a terminal. {@link System#console()} only speaks of stdin and stdout, and the
     * usual case, {@code cmt lifetimes big.trace > out.txt}, has stdout redirected but stderr on the
     * terminal; so on Linux ask the kernel what fd 2 is.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            java.io.Console c = System.console();
            return c != null && c.isTerminal();
        }
    }
}
