package cmt.cli;

import cmt.codec.TraceException;
import cmt.replay.ReplayException;
import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cmt} command line: one subcommand per tool. Exit status 0 on success, 1 on bad input,
 * 2 on bad usage (see {@link Defaults}).
 */
@Command(name = "cmt",
        mixinStandardHelpOptions = true,
        versionProvider = Defaults.Version.class,
        description = "Compact memory traces: record, convert, analyse and replay malloc/realloc/free traces.",
        subcommands = {
            CommandLine.HelpCommand.class,
            LifetimesCommand.class,
            OverheadCommand.class,
            Trace2CmtCommand.class,
            Cmt2TraceCommand.class,
            Kdump2Trace.class,
            Log2Trace.class,
            Heaptrack2Trace.class,
            Valgrind2Trace.class,
            Mtrace2Trace.class,
            Record.class,
            SitesCommand.class,
            DiffCommand.class,
            KernelCommand.class,
            NotebookCommand.class,
            StatsCommand.class,
            ReportCommand.class,
            ReplayCommand.class,
            CompareCommand.class,
            EncodeCommand.class,
            DecodeCommand.class,
        })
public final class Cmt implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed");
    }

    /** Runs the command line and returns the exit status. */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    /** The configured picocli command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cmt());
        cl.setExitCodeExceptionMapper(Cmt::exitCode);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            // A command that failed after standard output did failed because of it: that is the error.
            java.io.IOException stdout = StandardOutput.error();
            if (StandardOutput.brokenPipe(ex) || stdout != null && StandardOutput.brokenPipe(stdout)) {
                return Defaults.EXIT_OK;
            }
            PrintWriter err = line.getErr();
            err.println("cmt: " + (stdout != null ? "standard output: write error: " + TraceException.reason(stdout)
                    : message(ex)));
            err.flush();
            return exitCode(ex);
        });
        return cl;
    }

    private static String message(Throwable ex) {
        if (ex instanceof TraceException || ex instanceof CancellationException || ex instanceof ReplayException) {
            return ex.getMessage();
        }
        if (ex instanceof java.io.UncheckedIOException u) {
            return u.getCause().getMessage();
        }
        return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    }

    private static int exitCode(Throwable ex) {
        if (ex instanceof CommandLine.ParameterException) {
            return Defaults.EXIT_USAGE;
        }
        return Defaults.EXIT_BAD_INPUT;
    }

    public static void main(String[] args) {
        System.exit(run(StandardOutput.installProcess(), args));
    }

    /** Runs the command line writing to {@code out}; a write error on it makes a success status 1. */
    static int run(StandardOutput out, String... args) {
        int status = run(args);
        java.io.IOException e = out.failure();
        if (e != null && status == Defaults.EXIT_OK) {
            System.err.println("cmt: standard output: write error: " + TraceException.reason(e));
            status = Defaults.EXIT_BAD_INPUT;
        }
        return status;
    }
}
