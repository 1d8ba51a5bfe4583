package cmt.cli;

import cmt.codec.Format;
import cmt.codec.Output;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.nio.charset.StandardCharsets;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cmt encode}: writes a trace in the compact format or the original's legacy CMT. */
@Command(name = "encode",
        mixinStandardHelpOptions = true,
        description = {"Encode a trace (any format, possibly compressed) as a compact or legacy CMT file.",
            "The compact format drops addresses unless --keep-addresses is given; everything else "
                    + "(operations, sizes, which block each free ends, calloc counts, alignments, threads, "
                    + "timestamps, call sites and their stacks) is always kept."},
        footer = {"", "Examples:",
            "  cmt encode ls.trace -o ls.cmtz",
            "  cmt encode --keep-addresses ls.trace.gz -o ls.cmtz",
            "  cmt encode --coding modelled big.trace -o smallest.cmtz",
            "  cmt encode --format legacy ls.trace -o ls.cmt",
            "  cmt decode ls.cmtz -o ls.trace"})
public final class EncodeCommand implements Runnable {
    /** Output formats this command writes. */
    public enum Target { compact, legacy }

    /** How compact blocks are coded (WriteOptions.Coding). */
    public enum Coding { chosen, modelled, packed }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Parameters(index = "0", paramLabel = "IN", description = "Input trace, or - for standard input.")
    String in;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output file; a name ending in .gz, .xz or .zst compresses it (a compact file gains little).")
    Path out;

    @Option(names = "--format", defaultValue = "compact", paramLabel = "FORMAT",
            description = "compact (default) or legacy (the original trace2cmt's layout).")
    Target format;

    @Option(names = "--keep-addresses",
            description = "Keep the addresses (compact only), so that decoding gives them back exactly.")
    boolean keepAddresses;

    @Option(names = "--coding", paramLabel = "CODING",
            description = "Compact only: chosen (default: each block modelled where the model copies nearly "
                    + "all of it from runs, which is both smallest and fast, else packed), modelled (every "
                    + "block: the smallest file, slow to read where the trace does not repeat itself) or "
                    + "packed (every block with zstd: fast always, 1.5 to 2.5 times the modelled size).")
    Coding coding;

    @Option(names = "--packed", description = "The same as --coding packed.")
    boolean packed;

    @Option(names = "--recorder", defaultValue = "", paramLabel = "TEXT",
            description = "What recorded the trace, stored in the compact header.")
    String recorder;

    @Option(names = "--block-events", defaultValue = "" + WriteOptions.DEFAULT_BLOCK_EVENTS, paramLabel = "N",
            description = "Events per compact block (default ${DEFAULT-VALUE}): smaller blocks lose less "
                    + "to damage and seek closer, larger ones compress a little better.")
    int blockEvents;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Override
    public void run() {
        if (keepAddresses && format == Target.legacy) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--keep-addresses: the legacy format has no addresses");
        }
        if (packed && coding != null && coding != Coding.packed) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--packed and --coding " + coding + " contradict each other");
        }
        Coding blocks = packed ? Coding.packed : coding == null ? Coding.chosen : coding;
        if ((packed || coding != null) && format == Target.legacy) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    (packed ? "--packed" : "--coding") + ": only the compact format has a coding of its blocks");
        }
        if (blockEvents < 1 || blockEvents > WriteOptions.MAX_BLOCK_EVENTS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--block-events: " + blockEvents + " is not in [1, " + WriteOptions.MAX_BLOCK_EVENTS + "]");
        }
        if (recorder.getBytes(StandardCharsets.UTF_8).length > WriteOptions.MAX_RECORDER_BYTES) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--recorder: longer than " + WriteOptions.MAX_RECORDER_BYTES + " bytes");
        }
        long events;
        String lost;
        try (TraceReader r = input.open(in); Output o = Output.create(out, force, in)) {
            try (TraceWriter w = TraceWriter.open(o, format == Target.legacy ? Format.LEGACY_CMT : Format.COMPACT,
                    WriteOptions.DEFAULT.withAddresses(keepAddresses).withRecorder(recorder)
                            .withCoding(WriteOptions.Coding.valueOf(blocks.name().toUpperCase(java.util.Locale.ROOT)))
                            .withBlockEvents(blockEvents))) {
                events = TranscodeCommand.copy(r, w);
                lost = w.lost();
            }
            o.commit();
            input.reportRepairs(r);
            TranscodeCommand.reportLost(out.toString(), lost);
        }
        long bytes = size(out);
        System.err.printf("cmt: %s: %,d events, %,d bytes (%.3f bytes/event)%n", out, events, bytes,
                events == 0 ? 0.0 : bytes / (double) events);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
