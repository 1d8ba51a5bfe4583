package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bundled samples read strictly, and samples/README.md states their counts exactly. */
class SamplesTest {
    @Test
    void readmeCountsAreTheSamplesCounts() throws IOException {
        Path samples = Path.of(System.getProperty("cmt.root", ".."), "samples");
        assumeTrue(Files.isDirectory(samples), "no samples folder");
        List<String> rows = Files.readAllLines(samples.resolve("README.md")).stream()
                .filter(l -> l.startsWith("| ") && l.contains(".trace")).toList();
        assertTrue(rows.size() >= 3, "at least three samples");
        long bytes = 0;
        for (String row : rows) {
            String[] c = row.split("\\|");
            Path file = samples.resolve(c[1].trim());
            bytes += Files.size(file);
            Map<Op, Long> ops = new EnumMap<>(Op.class);
            Set<Long> threads = new HashSet<>();
            long n;
            try (TraceReader r = TraceReader.open(file, Leniency.STRICT)) {
                n = r.forEach((Event e) -> {
                    ops.merge(e.op, 1L, Long::sum);
                    if (e.thread != Event.NONE) {
                        threads.add(e.thread);
                    }
                });
            }
            String name = file.getFileName().toString();
            assertEquals(Long.parseLong(c[2].trim()), n, name);
            assertEquals(Long.parseLong(c[3].trim()), ops.getOrDefault(Op.MALLOC, 0L), name);
            assertEquals(Long.parseLong(c[4].trim()), ops.getOrDefault(Op.CALLOC, 0L), name);
            assertEquals(Long.parseLong(c[5].trim()), ops.getOrDefault(Op.ALIGNED, 0L), name);
            assertEquals(Long.parseLong(c[6].trim()), ops.getOrDefault(Op.REALLOC, 0L), name);
            assertEquals(Long.parseLong(c[7].trim()), ops.getOrDefault(Op.FREE, 0L), name);
            assertEquals(c[8].trim(), threads.isEmpty() ? "-" : String.valueOf(threads.size()), name);
        }
        assertTrue(bytes <= 5 << 20, "samples take " + bytes + " bytes, more than 5 MB");
    }
}
