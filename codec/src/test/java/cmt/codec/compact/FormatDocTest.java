package cmt.codec.compact;

import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import cmt.codec.WriteOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The worked examples of {@code FORMAT.md}, modelled, packed and with call sites, are what the writer writes, byte for byte. */
class FormatDocTest {
    @Test
    void modelledExampleIsWhatTheWriterWrites() throws IOException {
        assertWritten("## 6. Worked example", "malloc(8) = 0x10\nrealloc(0x10, 16) = 0x10\nfree(0x10)\n",
                WriteOptions.DEFAULT.withAddresses(false).withCoding(WriteOptions.Coding.MODELLED));
    }

    @Test
    void packedExampleIsWhatTheWriterWrites() throws IOException {
        assertWritten("### 7.1 Worked example", """
                malloc(24) = 0x1010
                malloc(24) = 0x1030
                free(0x1010)
                malloc(20) = 0x1010
                realloc(0x1030, 40) = 0x1030
                free(0x1010)
                free(0x1030)
                """, WriteOptions.DEFAULT.withAddresses(true).withCoding(WriteOptions.Coding.PACKED));
    }

    @Test
    void callSitesExampleIsWhatTheWriterWrites() throws IOException {
        assertWritten("### 8.1 Worked example", """
                malloc(16) = 0x10 site=0
                malloc(32) = 0x30 site=1
                free(0x10)
                #site\t0\talloc_a\tt.c:12\t/usr/bin/t\t0x1189\tmain\tt.c:40\t/usr/bin/t\t0x11c4
                #site\t1\tmain\tt.c:41\t/usr/bin/t\t0x11d0
                """, WriteOptions.DEFAULT.withAddresses(false).withCoding(WriteOptions.Coding.PACKED));
        String doc = Files.readString(Path.of("src/main/java/cmt/codec/compact/FORMAT.md"));
        assertTrue(doc.contains("#site\t0\talloc_a\tt.c:12\t/usr/bin/t\t0x1189\tmain\tt.c:40\t/usr/bin/t\t0x11c4\n"),
                "the example's text is the trace the test writes");
    }

    /** Compares the hex dump of the last code block in the section under {@code heading} with the writer's bytes. */
    private static void assertWritten(String heading, String trace, WriteOptions header) throws IOException {
        String doc = Files.readString(Path.of("src/main/java/cmt/codec/compact/FORMAT.md"));
        String section = doc.substring(doc.indexOf(heading));
        Matcher heading2 = Pattern.compile("\n#+ ").matcher(section);
        int next = heading2.find(heading.length()) ? heading2.start() : -1;
        section = next < 0 ? section : section.substring(0, next);
        int open = section.lastIndexOf("```", section.lastIndexOf("```") - 1);
        String example = section.substring(open + 3, section.lastIndexOf("```"));
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        for (String line : example.strip().split("\n")) {
            int colon = line.indexOf(':');
            if (colon != 8) {
                continue;
            }
            assertEquals(Integer.parseInt(line.substring(0, colon), 16), dump.size(), line);
            String hex = "";
            for (String part : line.substring(colon + 1).split(" {2,}")) {
                if (!part.isEmpty()) {
                    hex = part;
                    break;
                }
            }
            dump.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(trace.getBytes(StandardCharsets.US_ASCII)),
                "example", Leniency.STRICT); CompactWriter w = new CompactWriter(written, "example", header)) {
            r.forEach(w::write);
            w.sites(r.sites());
        }
        assertTrue(dump.size() > 100);
        assertEquals(HexFormat.of().formatHex(written.toByteArray()), HexFormat.of().formatHex(dump.toByteArray()));
    }
}
