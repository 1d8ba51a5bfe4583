package cmt.codec.compact;

import cmt.codec.WriteOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The worked examples of {@code FORMAT.md}, modelled and packed, are what the writer writes, byte for byte. */
class FormatDocTest {
    @Test
    void modelledExampleIsWhatTheWriterWrites() throws IOException {
        assertWritten("## 6. Worked example", "malloc(8) = 0x10\nrealloc(0x10, 16) = 0x10\nfree(0x10)\n",
                WriteOptions.DEFAULT.withAddresses(false));
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
                """, WriteOptions.DEFAULT.withAddresses(true).withPacked(true));
    }

    /** Compares the hex dump of the last code block in the section under {@code heading} with the writer's bytes. */
    private static void assertWritten(String heading, String trace, WriteOptions header) throws IOException {
        String doc = Files.readString(Path.of("src/main/java/cmt/codec/compact/FORMAT.md"));
        String section = doc.substring(doc.indexOf(heading));
        int next = section.indexOf("\n#", heading.length());
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
        try (CompactWriter w = new CompactWriter(written, "example", header)) {
            CompactTraces.read(trace).forEach(w::write);
        }
        assertTrue(dump.size() > 100);
        assertEquals(HexFormat.of().formatHex(written.toByteArray()), HexFormat.of().formatHex(dump.toByteArray()));
    }
}
