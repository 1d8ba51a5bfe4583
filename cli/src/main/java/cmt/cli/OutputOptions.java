package cmt.cli;

import cmt.codec.Output;
import cmt.codec.TraceException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a subcommand writes: {@code -o FILE}, or standard output without {@code -o} or with {@code -o -}.
 * A file is an {@link Output}: it appears only when the command succeeds, replaces an existing file only
 * with {@code --force} and never the input; a name ending in {@code .gz}, {@code .xz} or {@code .zst}
 * compresses it.
 */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT instead of standard output (- for standard output); it appears only "
                    + "once complete. A name ending in .gz, .xz or .zst compresses it.")
    String output;

    @Option(names = "--force", description = "Replace OUT if it exists (only once the new one is complete).")
    boolean force;

    /** The output, made from {@code input} (a path, {@code -} or {@code null}, which it must not replace). */
    public Output open(String input) {
        if (!toFile()) {
            return Output.of(StandardOutput.stream(), "standard output");
        }
        return Output.create(file(), force, input);
    }

    /** True if the output is a file rather than standard output. */
    boolean toFile() {
        return output != null && !output.equals("-");
    }

    /** The file {@code -o} names, with a clear error for an empty name. */
    Path file() {
        if (output.isBlank()) {
            throw new TraceException("-o '" + output + "': an empty file name (use - for standard output)");
        }
        return Path.of(output);
    }

    /** The name used in messages. */
    public String name() {
        return toFile() ? output : "standard output";
    }
}
