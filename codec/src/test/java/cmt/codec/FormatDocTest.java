package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The worked example of {@code FORMAT.md} is what the writer writes, byte for byte. */
class FormatDocTest {
    @Test
    void workedExampleIsWhatTheWriterWrites() throws IOException {
        String doc = Files.readString(Path.of("src/main/java/cmt/codec/FORMAT.md"));
        String example = doc.substring(doc.indexOf("## 6. Worked example"));
        example = example.substring(example.indexOf("```") + 3, example.indexOf("```", example.indexOf("```") + 3));
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
        try (CompactWriter w = new CompactWriter(written, "example", CompactHeader.of(false))) {
            CompactTraces.read("malloc(8) = 0x10\nrealloc(0x10, 16) = 0x10\nfree(0x10)\n").forEach(w::write);
        }
        assertTrue(dump.size() > 100);
        assertEquals(HexFormat.of().formatHex(written.toByteArray()), HexFormat.of().formatHex(dump.toByteArray()));
    }
}
