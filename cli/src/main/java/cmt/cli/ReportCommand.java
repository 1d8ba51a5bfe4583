package cmt.cli;

import cmt.codec.TraceException;
import cmt.codec.Output;
import cmt.dsl.Report;
import cmt.dsl.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmt report}: the one-page HTML report of a trace ({@link Report}). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML page about a trace: summary tables, live bytes and working "
                + "set over time, size histogram, lifetime CDF, gaps between address neighbours, "
                + "fragmentation measures, a heap map and the size of the trace in each format. plotly.js "
                + "is inlined, so the page reads offline. One streaming pass.",
                "", "Examples:", "  cmt report ls.trace -o ls.html",
                "  cmt report --page-size 16384 -o hmmer.html 456.hmmer.trace.bz2"})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    TraceOptions trace;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "The HTML file to write.")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Option(names = "--page-size", paramLabel = "BYTES", defaultValue = Defaults.PAGE_SIZE,
            description = "Page size of the working set and page measures, a power of two (default: ${DEFAULT-VALUE}).")
    long pageSize;

    @Override
    public Integer call() {
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--page-size must be a power of two: " + pageSize);
        }
        if (!force && Files.exists(output)) {
            throw new TraceException(output + ": already exists (use --force to replace it)");
        }
        Path folder = output.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new TraceException(output + ": cannot create: no folder " + folder);
        }
        Trace t = trace.open().pageSize(pageSize);
        byte[] html = Report.html(t).getBytes(StandardCharsets.UTF_8);
        try (Output out = Output.create(output, force, trace.input)) {
            out.stream().write(html);
            out.commit();
        } catch (IOException e) {
            throw new TraceException(output + ": cannot write: " + TraceException.reason(e), e);
        } catch (UncheckedIOException e) {
            throw new TraceException(output + ": cannot write: " + TraceException.reason(e.getCause()), e);
        }
        trace.reportRepairs(t);
        return Defaults.EXIT_OK;
    }
}
