package cmt.cli;

import cmt.codec.Format;
import cmt.codec.Output;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a command that writes a whole trace, as a picocli mixin: {@link OutputOptions} plus
 * {@code --tagged}. The file name decides the encoding: legacy CMT if it ends in {@code .cmt}, the
 * compact format with the addresses kept (they are a recording's only copy) if in {@code .cmtz}, text
 * otherwise; a further {@code .gz}, {@code .xz} or {@code .zst} compresses it ({@link OutputOptions}).
 * Without {@code -o} the trace is text on standard output.
 */
final class OutputTrace {
    @Mixin
    OutputOptions file;

    @Option(names = "--tagged", description = "Write the tagged text form (PTR<TAG>, no 0x) instead of the plain one.")
    boolean tagged;

    /** True if {@code -o} names a file. */
    boolean toFile() {
        return file.toFile();
    }

    /** The output as the options ask, of a trace made from {@code input} (a path, {@code -} or {@code null}). */
    Output open(String input) {
        return file.open(input);
    }

    /** A writer to {@code out} in the format its name asks for. */
    TraceWriter writer(Output out) {
        String name = toFile() ? out.name().replaceFirst("\\.(gz|xz|zst)$", "") : "";
        Format format = name.endsWith(".cmt") ? Format.LEGACY_CMT : name.endsWith(".cmtz") ? Format.COMPACT : Format.TEXT;
        return TraceWriter.open(out, format, WriteOptions.DEFAULT.withTagged(tagged).withAddresses(true));
    }
}
