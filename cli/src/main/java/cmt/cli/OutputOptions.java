package cmt.cli;

import cmt.codec.TraceWriter;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a subcommand writes: {@code -o FILE} (never replacing a file without {@code --force}) or stdout. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT instead of standard output.")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    /** The output stream; closing it leaves standard output open. */
    public OutputStream open() {
        if (output == null) {
            return new FilterOutputStream(new BufferedOutputStream(System.out, 1 << 16)) {
                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws java.io.IOException {
                    flush();
                }
            };
        }
        return TraceWriter.create(output, force);
    }

    /** The name used in messages. */
    public String name() {
        return output == null ? "<stdout>" : output.toString();
    }
}
