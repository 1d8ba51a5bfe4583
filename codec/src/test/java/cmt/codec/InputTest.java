package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Compressed inputs are read transparently, and formats are told apart by content, not by name. */
class InputTest {
    private static final String TRACE = Traces.random(7, 2000, true);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "bzip2", "xz", "zstd"})
    void compressedTextAndLegacyCmt(String codec) throws IOException {
        List<Event> events = Traces.read(TRACE);
        for (byte[] plain : List.of(TRACE.getBytes(StandardCharsets.US_ASCII),
                Traces.write(events, Format.LEGACY_CMT, true))) {
            Path p = dir.resolve("trace.bin");
            Files.write(p, compress(codec, plain));
            try (TraceReader r = TraceReader.open(p)) {
                assertEquals(events.size(), r.forEach(e -> { }));
            }
        }
    }

    /**
     * A legacy CMT trace whose first bytes are gzip's magic number (this one, found by a property test, begins
     * 1f 8b) is a trace, not a damaged gzip stream: the method and flag bytes of a gzip header decide.
     */
    @Test
    void aBinaryTraceThatBeginsLikeGzipIsStillATrace() {
        List<Event> events = Traces.read(Traces.random(-8367210932777759324L, 1, false));
        byte[] cmt = Traces.write(events, Format.LEGACY_CMT, true);
        assertEquals("1f8b", java.util.HexFormat.of().formatHex(cmt, 0, 2));
        assertEquals(null, Input.compression(cmt));
        assertEquals(events.size(), Traces.read(cmt, Leniency.STRICT).size());
        assertEquals("gzip", Input.compression(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0}));
        assertEquals(null, Input.compression(new byte[] {0x1f, (byte) 0x8b, 8, (byte) 0x20, 0, 0}));
        assertEquals(null, Input.compression("BZh0..".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void missingFileAndDirectory() {
        TraceException x = assertThrows(TraceException.class, () -> TraceReader.open(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": no such file", x.getMessage());
        x = assertThrows(TraceException.class, () -> TraceReader.open(dir));
        assertEquals(dir + ": is a directory, not a trace", x.getMessage());
    }

    @Test
    void ioErrorsSayWhy() {
        assertEquals("permission denied", TraceException.reason(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("no such file", TraceException.reason(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("unexpected end of input (truncated?)", TraceException.reason(new java.io.EOFException()));
        assertEquals("No space left on device", TraceException.reason(new IOException("No space left on device")));
        assertEquals("IOException", TraceException.reason(new IOException()));
    }

    @Test
    void anOutputAppearsOnlyOnCommitAndLeavesNothingOtherwise() throws IOException {
        Path p = dir.resolve("out.trace");
        try (Output out = Output.create(p, false, null)) {
            out.stream().write("malloc(8) = 0x10\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(false, Files.exists(p), "not before commit");
        }
        assertEquals(false, Files.exists(p), "closed without commit: nothing");
        Files.writeString(p, "old");
        try (Output out = Output.create(p, true, null)) {
            out.stream().write("new".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("old", Files.readString(p), "--force replaces only on commit");
        try (Output out = Output.create(p, true, null)) {
            out.stream().write("new".getBytes(StandardCharsets.US_ASCII));
            out.commit();
        }
        assertEquals("new", Files.readString(p));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("out.trace"), s.map(f -> f.getFileName().toString()).sorted().toList());
        }
        TraceException x = assertThrows(TraceException.class, () -> Output.create(dir.resolve(""), false, null));
        assertTrue(x.getMessage().contains("is a directory") || x.getMessage().contains("not a file name"), x.getMessage());
    }

    @Test
    void emptyInputIsAnEmptyTrace() throws IOException {
        Path p = Files.write(dir.resolve("empty"), new byte[0]);
        try (TraceReader r = TraceReader.open(p)) {
            assertEquals(0, r.forEach(e -> { }));
            assertEquals(Format.TEXT, r.format());
        }
    }

    @Test
    void neverOverwritesWithoutAsking() throws IOException {
        Path p = Files.writeString(dir.resolve("kept"), "precious");
        TraceException x = assertThrows(TraceException.class, () -> Output.create(p, false, null));
        assertEquals(p + ": already exists (use --force to replace it)", x.getMessage());
        assertEquals("precious", Files.readString(p));
    }

    @Test
    void neverReplacesTheInputEvenWhenAllowedTo() throws IOException {
        Path p = Files.writeString(dir.resolve("in.trace"), "malloc(8) = 0x10\n");
        TraceException x = assertThrows(TraceException.class,
                () -> Output.create(dir.resolve(".").resolve("in.trace"), true, p.toString()));
        assertEquals(dir.resolve(".").resolve("in.trace") + ": is the input being read; write to another file",
                x.getMessage());
        assertEquals("malloc(8) = 0x10\n", Files.readString(p));
        Output.create(dir.resolve("out.trace"), true, p.toString()).close();
        Output.create(dir.resolve("other.trace"), false, "-").close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.trace.gz", "t.cmt.xz", "t.cmtz.zst", "t.trace"})
    void writesCompressedWhenTheNameSaysSo(String name) throws IOException {
        List<Event> events = Traces.read(TRACE);
        Format format = name.contains(".cmtz") ? Format.COMPACT : name.contains(".cmt") ? Format.LEGACY_CMT : Format.TEXT;
        Path p = dir.resolve(name);
        try (Output out = Output.create(p, false, null)) {
            try (TraceWriter w = TraceWriter.open(out, format, WriteOptions.DEFAULT)) {
                events.forEach(w::write);
            }
            out.commit();
        }
        byte[] head = Files.readAllBytes(p);
        int magic = (head[0] & 0xFF) << 8 | (head[1] & 0xFF);
        int want = name.endsWith(".gz") ? 0x1F8B : name.endsWith(".xz") ? 0xFD37 : name.endsWith(".zst") ? 0x28B5 : -1;
        if (want < 0) {
            assertEquals(TRACE.substring(0, 2).getBytes(StandardCharsets.US_ASCII)[0], head[0], name + " is written as is");
        } else {
            assertEquals(Integer.toHexString(want), Integer.toHexString(magic), name);
        }
        try (TraceReader r = TraceReader.open(p)) {
            assertEquals(format, r.format());
            assertEquals(events.size(), r.forEach(e -> { }));
        }
    }

    static byte[] compress(String codec, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = switch (codec) {
            case "gzip" -> new GZIPOutputStream(bytes);
            case "bzip2" -> new BZip2CompressorOutputStream(bytes);
            case "xz" -> new XZOutputStream(bytes, new LZMA2Options(1));
            case "zstd" -> new ZstdOutputStream(bytes);
            default -> bytes;
        }) {
            o.write(data);
        }
        return bytes.toByteArray();
    }
}
