package cmt.cli;

import cmt.codec.TraceWriter;
import java.io.OutputStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a subcommand writes: {@code -o FILE} or stdout. A file is made by {@link TraceWriter#create}:
 * never replacing a file without {@code --force} nor the input at all, compressed when its name ends in
 * {@code .gz}, {@code .xz} or {@code .zst}.
 */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT instead of standard output; a name ending in .gz, .xz or .zst compresses it.")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    /**
     * The output stream, made from {@code input} (a path, {@code -} or {@code null}, which the output must
     * not replace); closing it leaves standard output open.
     */
    public OutputStream open(String input) {
        if (output == null) {
            return new StandardOutput();
        }
        return TraceWriter.create(output, force, input);
    }

    /** The name used in messages. */
    public String name() {
        return output == null ? "<stdout>" : output.toString();
    }
}
