package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line as a user runs it ({@code java -jar cli/target/cmt.jar ...}), for what the notebooks
 * show to be compared with what the command line computes for the same trace.
 */
final class CmtJar {
    /** A line of {@code cmt stats}: measure, value with thousands separators, unit, and for peaks "(at event N)". */
    private static final Pattern STATS_LINE = Pattern.compile("^\\s*(.+?)\\s+([0-9,]+) \\S+(?: \\(at event ([0-9,]+)\\))?$");

    private CmtJar() {
    }

    /** The bundled sample trace the quickstart and the allocator study open. */
    static Path sample() {
        return Jupyter.root().resolve("samples/python-heaptrack.trace.xz");
    }

    /** Runs {@code cmt ARGS} to completion and returns what it printed (stdout and stderr). */
    static String run(String... args) {
        Path jar = Jupyter.root().resolve("cli/target/cmt.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build cli first (mvn -pl notebooks -am verify does)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return Jupyter.run(cmd, Duration.ofMinutes(5), Map.of());
    }

    /**
     * {@code cmt stats TRACE} as measure -> value, named as the {@code stats} table names its rows: a peak's
     * event is the row "MEASURE at".
     */
    static Map<String, Long> stats(Path trace) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : run("stats", trace.toString()).split("\n")) {
            Matcher m = STATS_LINE.matcher(line);
            if (m.matches()) {
                values.put(m.group(1), number(m.group(2)));
                if (m.group(3) != null) {
                    values.put(m.group(1) + " at", number(m.group(3)));
                }
            }
        }
        return values;
    }

    private static long number(String grouped) {
        return Long.parseLong(grouped.replace(",", ""));
    }
}
